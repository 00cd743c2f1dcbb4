/**
 * TensorFlow.js prints a banner on its first use in Node recommending its native backend, which
 * downloads a binary at install and is not used by this project. The command mutes that one message.
 */
export function muteTfjsNodeBanner(): void {
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('looks like you are running TensorFlow.js in Node.js')) return;
    warn(...args);
  };
}
