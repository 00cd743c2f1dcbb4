import type { DType } from '../types.js';
import type { ConfigSchema } from './config.js';

/** A recurrent state, as the cells name their state inputs and outputs. */
export type StateName = 'state_h' | 'state_c';

export interface InputDecl {
  readonly name: string;
  readonly optional?: boolean;
  readonly dtype: DType;
  /** Allowed ranks; undefined = any rank >= 1. */
  readonly ranks?: readonly number[];
  /** Declared only when the layer's cell has this state (an `initial_<state>` input). */
  readonly forState?: StateName;
  /** Declared (and required) only when this boolean build option is on, e.g. `past_key` under `cache`. */
  readonly forBuildOption?: string;
}

/**
 * Everything a layer declares as data, once: its class name, what it computes (one line), its config
 * schema, its inputs in their canonical order, and its build options (parsed like the config).
 * The layer class reads these; the tfjs wrappers, the CLI and the docs read them through `LAYERS`.
 */
export interface LayerDeclaration<C, O = object> {
  readonly name: string;
  readonly doc: string;
  readonly config: ConfigSchema<C>;
  readonly inputs: readonly InputDecl[];
  readonly buildOptions: ConfigSchema<O>;
}

/** Checks a declaration against the layer's config and build option types. */
export function declareLayer<C, O = object>(declaration: LayerDeclaration<C, O>): LayerDeclaration<C, O> {
  return declaration;
}
