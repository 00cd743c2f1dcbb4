/** Runs with an empty batch or sequence: every backend returns what ref returns, or throws a LayerspecError. */
import {
  AttentionWrapper,
  GRUCell,
  LSTMCell,
  MultiHeadAttention,
  RNN,
  SimpleRNNCell,
  zerosTensor,
  type Graph,
  type HostTensor,
  type TensorType,
} from '@layerspec/spec';

export interface EmptyCase {
  label: string;
  graph: Graph;
  inputs: Record<string, HostTensor>;
}

const seq: TensorType = { dtype: 'float32', shape: ['b', 't', 2] };

function rnn(cell: LSTMCell | GRUCell | SimpleRNNCell, returnSequences: boolean): Graph {
  return new RNN({ cell, returnSequences, returnState: true }).build({ inputs: seq });
}

export function emptyCases(): EmptyCase[] {
  const graphs: [string, Graph][] = [
    ['RNN(LSTM) sequences', rnn(new LSTMCell({ units: 3 }), true)],
    ['RNN(GRU) last', rnn(new GRUCell({ units: 3 }), false)],
    ['RNN(SimpleRNN) last', rnn(new SimpleRNNCell({ units: 3 }), false)],
  ];
  const cases: EmptyCase[] = [];
  for (const [label, graph] of graphs) {
    cases.push({ label: `${label}, time 0`, graph, inputs: { inputs: zerosTensor([2, 0, 2]) } });
    cases.push({ label: `${label}, batch 0`, graph, inputs: { inputs: zerosTensor([0, 4, 2]) } });
  }
  const wrapper = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }) }).build({
    inputs: seq,
    memory: { dtype: 'float32', shape: ['b', 'm', 4] },
  });
  cases.push({
    label: 'AttentionWrapper, time 0',
    graph: wrapper,
    inputs: { inputs: zerosTensor([2, 0, 2]), memory: zerosTensor([2, 3, 4]) },
  });
  cases.push({
    label: 'AttentionWrapper, batch 0',
    graph: wrapper,
    inputs: { inputs: zerosTensor([0, 4, 2]), memory: zerosTensor([0, 3, 4]) },
  });
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({
    query: { dtype: 'float32', shape: ['b', 't', 4] },
    value: { dtype: 'float32', shape: ['b', 's', 4] },
  });
  cases.push({
    label: 'MultiHeadAttention, batch 0',
    graph: mha,
    inputs: { query: zerosTensor([0, 3, 4]), value: zerosTensor([0, 5, 4]) },
  });
  cases.push({ label: 'MultiHeadAttention, keys 0', graph: mha, inputs: { query: zerosTensor([2, 3, 4]), value: zerosTensor([2, 0, 4]) } });
  return cases;
}
