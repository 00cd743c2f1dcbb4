/**
 * In Node, tfjs-core's gradients and chained tensor methods (`t.slice(...)`) exist only inside
 * `@tensorflow/tfjs`'s CommonJS build (tfjs-core's own ES modules are for bundlers and do not load in Node),
 * so Node loads that package for these registrations. Browser builds never import it.
 */
import '@tensorflow/tfjs';
