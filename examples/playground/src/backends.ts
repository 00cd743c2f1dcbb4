/**
 * The backends this page can run: the three packages register theirs on import (tfjs-webgl where a canvas
 * gives WebGL, tfjs-webgpu and onnx-webgpu where WebGPU gives an adapter), and listBackends() lists them.
 * Under Vite the wasm files of tfjs-wasm and onnx-web are emitted and found with no setup.
 */
import { listBackends } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';

const ORDER = ['ref', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'onnx-web', 'onnx-webgpu'];

/** The registered backends, in the page's order (any other registered one last). */
export function availableBackends(): string[] {
  const registered = listBackends();
  return [...ORDER.filter((b) => registered.includes(b)), ...registered.filter((b) => !ORDER.includes(b) && b !== 'onnx-node')];
}

/** A checkbox per backend; all checked at first. */
export function backendPicker(host: HTMLElement, backends: readonly string[]): () => string[] {
  const legend = document.createElement('legend');
  legend.textContent = 'Backends in this browser';
  const boxes = backends.map((b) => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `backend-${b}`;
    box.value = b;
    box.checked = true;
    const label = document.createElement('label');
    label.className = 'check';
    label.append(box, ` ${b}`);
    return { box, label };
  });
  host.replaceChildren(legend, ...boxes.map((b) => b.label));
  return () => boxes.filter((b) => b.box.checked).map((b) => b.box.value);
}
