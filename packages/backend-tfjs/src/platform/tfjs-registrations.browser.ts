/**
 * What `@tensorflow/tfjs` registers besides re-exporting tfjs-core and tfjs-layers: every op's gradient
 * and the chained tensor methods. tfjs-core ships both as ES modules for bundlers.
 */
// tfjs-core first: it defines the flags that registering a gradient reads.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
