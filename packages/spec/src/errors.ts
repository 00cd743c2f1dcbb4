/**
 * Every error the library raises on bad input. `where` names the layer or op (and node) at fault,
 * so a message reads like "MultiHeadAttention: input 'query' must have rank 3, got rank 2".
 */
export class LayerspecError extends Error {
  override readonly name = 'LayerspecError';
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`${where}: ${detail}`);
  }
}
