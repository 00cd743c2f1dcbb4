import type { CommandSpec } from './args.js';
import type { Flag } from './flags.js';

const LINE = 104;
const DOC_COLUMN = 21;

function synopsisOf(flag: Flag<unknown>): string {
  const form = flag.placeholder ? `${flag.names[0]} ${flag.placeholder}` : flag.names[0];
  const repeated = flag.repeatable ? `${form} ...` : form;
  return flag.required ? repeated : `[${repeated}]`;
}

/** Words laid into lines of at most `width`, the later ones indented by `indent`. */
function wrap(words: readonly string[], first: string, indent: string, width: number): string {
  const lines = [first];
  for (const word of words) {
    const last = lines[lines.length - 1]!;
    if (last.length + 1 + word.length > width && last.trim() !== '') lines.push(`${indent}${word}`);
    else lines[lines.length - 1] = last.endsWith(' ') || last === '' ? `${last}${word}` : `${last} ${word}`;
  }
  return lines.join('\n');
}

function option(names: string, doc: string): string {
  const head = `  ${names}`;
  const pad = ' '.repeat(DOC_COLUMN);
  const docLines = doc.split('\n').map((l, i) => (i === 0 ? l : `${pad}${l}`));
  return head.length < DOC_COLUMN - 1 ? `${head.padEnd(DOC_COLUMN)}${docLines.join('\n')}` : `${head}\n${pad}${docLines.join('\n')}`;
}

/** `layerspec <command> --help`: the usage line, the description and every option, from the declarations. */
export function usageOf<F extends Readonly<Record<string, Flag<unknown>>>>(spec: CommandSpec<F>): string {
  const lead = `usage: layerspec ${spec.name}`;
  const words = [
    ...(spec.positional ? [spec.positional.name] : []),
    ...(spec.families ?? []).map((f) => `[${f.prefix}${f.placeholder} ...]`),
    ...Object.values<Flag<unknown>>(spec.flags).map(synopsisOf),
  ];
  const parts = [wrap(words, `${lead} `, ' '.repeat(lead.length + 1), LINE)];
  if (spec.description) parts.push(spec.description);
  const options = [
    ...(spec.positional ? [option(spec.positional.name, spec.positional.doc)] : []),
    ...(spec.families ?? []).map((f) => option(`${f.prefix}${f.placeholder}`, f.doc)),
    ...Object.values<Flag<unknown>>(spec.flags).map((f) => {
      const names = f.names.join(', ');
      const doc = f.defaultText === undefined ? f.doc : `${f.doc} (default ${f.defaultText})`;
      return option(f.placeholder ? `${names} ${f.placeholder}` : names, doc);
    }),
    option('-h, --help', 'this help'),
  ];
  parts.push(options.join('\n'));
  if (spec.footer) parts.push(spec.footer);
  return parts.join('\n\n');
}
