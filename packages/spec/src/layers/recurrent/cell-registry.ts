import { FieldError } from '../config.js';
import type { LayerJSON } from '../layer.js';
import type { RecurrentCell } from './cell.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

export type AnyCell = RecurrentCell<{ units: number }>;

/** What a recurrent layer's `cell` config accepts: a cell, or a cell's `toJSON()`. */
export type CellLike = AnyCell | LayerJSON;

function isCell(v: unknown): v is AnyCell {
  return v instanceof SimpleRNNCell || v instanceof LSTMCell || v instanceof GRUCell;
}

/** A cell instance, or a cell rebuilt from its `{ className, config }` JSON. */
export function parseCell(v: unknown): AnyCell {
  if (isCell(v)) return v;
  if (typeof v === 'object' && v !== null && 'className' in v && 'config' in v && typeof v.config === 'object' && v.config !== null) {
    const config = { ...v.config } as { units: number };
    switch (v.className) {
      case SimpleRNNCell.className:
        return new SimpleRNNCell(config);
      case LSTMCell.className:
        return new LSTMCell(config);
      case GRUCell.className:
        return new GRUCell(config);
    }
  }
  const got = typeof v === 'object' && v !== null && 'className' in v ? `a ${String(v.className)}` : JSON.stringify(v);
  throw new FieldError(`must be a SimpleRNNCell, LSTMCell or GRUCell (or its toJSON()), got ${got}`);
}
