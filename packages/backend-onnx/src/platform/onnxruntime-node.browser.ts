/**
 * What `#onnxruntime-node` resolves to outside Node: onnxruntime-node is a native Node addon, so importing
 * it here fails, the loader (runtime/ort.ts) answers undefined and `onnx-node` is never registered.
 */
throw new Error('onnxruntime-node is a native Node addon; it does not load in a browser');
