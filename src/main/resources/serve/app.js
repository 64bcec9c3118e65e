// pixelcnn serve: sample, complete and score on a trained model; watch it draw pixel by pixel.
'use strict';

const $ = (id) => document.getElementById(id);
let info = null;       // /api/info
let tests = { images: [], labels: [] };
let running = null;    // AbortController of the stream in progress

// ---- helpers ---------------------------------------------------------------------------------

function status(id, text, isError) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('error', !!isError);
}

async function errorOf(res) {
  try { return (await res.json()).error || res.statusText; } catch (e) { return res.status + ' ' + res.statusText; }
}

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(await errorOf(res));
  return res.json();
}

// Reads a text/event-stream response and calls handlers[event](data) for each event.
async function stream(url, init, handlers) {
  if (running) running.abort();
  const controller = new AbortController();
  running = controller;
  const res = await fetch(url, Object.assign({ signal: controller.signal }, init));
  if (!res.ok) throw new Error(await errorOf(res));
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message', data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data && handlers[event]) handlers[event](JSON.parse(data));
    }
  }
  if (running === controller) running = null;
}

// A grid of n images of C×H×W on one canvas at the model's resolution (CSS scales it up, pixelated).
class Grid {
  constructor(canvas, n, gap = 2) {
    this.c = info.channels; this.h = info.height; this.w = info.width; this.n = n; this.gap = gap;
    this.cols = n === 1 ? 1 : Math.ceil(Math.sqrt(n));
    this.rows = Math.ceil(n / this.cols);
    canvas.width = this.cols * (this.w + gap) - gap;
    canvas.height = this.rows * (this.h + gap) - gap;
    this.ctx = canvas.getContext('2d');
    this.data = this.ctx.createImageData(canvas.width, canvas.height);
    // Opaque black where images go; the gaps stay transparent and show the page.
    for (let i = 0; i < n; i++)
      for (let y = 0; y < this.h; y++)
        for (let x = 0; x < this.w; x++) this.data.data[4 * this.index(i, y, x) + 3] = 255;
    this.dirty = true;
    this.flush();
  }
  // The canvas pixel of (y, x) in image i: images fill rows of `cols`, `gap` pixels apart.
  index(i, y, x) {
    return (Math.floor(i / this.cols) * (this.h + this.gap) + y) * this.data.width + (i % this.cols) * (this.w + this.gap) + x;
  }
  // Sets sub-pixel (y, x, ch) of image i; gray images fill all three colours.
  set(i, y, x, ch, v) {
    const px = this.index(i, y, x);
    const d = this.data.data;
    if (this.c === 1) { d[4 * px] = d[4 * px + 1] = d[4 * px + 2] = v; } else { d[4 * px + ch] = v; }
    this.dirty = true;
  }
  image(i, levels, tint) {
    const plane = this.h * this.w;
    for (let ch = 0; ch < this.c; ch++)
      for (let p = 0; p < plane; p++) this.set(i, Math.floor(p / this.w), p % this.w, ch, levels[ch * plane + p]);
    if (tint) for (let p = 0; p < plane; p++) if (tint[p]) this.mark(i, Math.floor(p / this.w), p % this.w);
  }
  mark(i, y, x) {
    const px = this.index(i, y, x);
    const d = this.data.data;
    d[4 * px] = 160; d[4 * px + 1] = 40; d[4 * px + 2] = 40;
    this.dirty = true;
  }
  // Draws at most once per animation frame: a 28×28 image arrives in tens of milliseconds.
  flush() {
    if (!this.dirty) return;
    this.dirty = false;
    this.ctx.putImageData(this.data, 0, 0);
  }
  animate() {
    const frame = () => { this.flush(); if (this.live) requestAnimationFrame(frame); };
    this.live = true;
    requestAnimationFrame(frame);
  }
  stop() { this.live = false; this.flush(); }
}

// Streams a sampling or completion into canvas; reports progress and the time from click to full image.
async function draw(statusId, canvas, url, init) {
  const clicked = performance.now();
  let grid = null, events = 0, total = 0;
  const el = $(statusId);
  delete el.dataset.done;
  status(statusId, 'waiting for the model…');
  try {
    await stream(url, init, {
      start: (s) => {
        grid = new Grid(canvas, s.n);
        s.images.forEach((img, i) => grid.image(i, img, s.forget));
        total = s.forget ? s.forget.reduce((a, b) => a + b, 0) * info.channels : info.channels * info.height * info.width;
        grid.animate();
      },
      pixel: (p) => {
        p.v.forEach((v, i) => grid.set(i, p.y, p.x, p.c, v));
        events++;
        if (events % 64 === 0) status(statusId, `drawing… ${events}/${total} sub-pixels`);
      },
      done: (d) => {
        d.images.forEach((img, i) => grid.image(i, img));
        grid.stop();
        const ms = performance.now() - clicked;
        el.dataset.done = 'true';
        el.dataset.ms = ms.toFixed(0);
        el.dataset.events = String(events);
        status(statusId, `${d.images.length} image(s), ${events} sub-pixels drawn: ${ms.toFixed(0)} ms from click to full image (sampler ${(d.seconds * 1000).toFixed(0)} ms)`);
      },
      error: (e) => { throw new Error(e.error); },
    });
  } catch (e) {
    if (grid) grid.stop();
    if (e.name !== 'AbortError') status(statusId, e.message, true);
  }
}

function classOptions(select, withNone) {
  select.innerHTML = '';
  if (withNone) select.add(new Option('none', ''));
  for (let k = 0; k < info.classes; k++) select.add(new Option(String(k), String(k)));
}

function thumbnail(levels) {
  const canvas = document.createElement('canvas');
  const g = new Grid(canvas, 1, 0);
  g.image(0, levels);
  g.flush();
  return canvas;
}

// ---- sample ----------------------------------------------------------------------------------

function setUpSample() {
  classOptions($('sample-class'), false);
  $('sample-class-label').hidden = info.conditioning !== 'class';
  if (info.conditioning === 'code') {
    $('sample-image-label').hidden = false;
    tests.images.forEach((_, i) => $('sample-image').add(new Option(String(i), String(i))));
  }
  if (!info.canSample) {
    status('sample-status', 'this model is conditioned on vectors: sample it with pixelcnn sample --vector-from', true);
    $('sample-go').disabled = true;
  }
  $('sample-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({
      n: $('sample-n').value, temperature: $('sample-temperature').value, seed: $('sample-seed').value,
    });
    if (info.conditioning === 'class') q.set('class', $('sample-class').value);
    if (info.conditioning === 'code') q.set('image', $('sample-image').value);
    draw('sample-status', $('sample-canvas'), '/api/sample?' + q, {});
  });
}

// ---- complete --------------------------------------------------------------------------------

const edit = { image: null, forget: null, label: null, painting: false };

function chooseForCompletion(levels, label) {
  edit.image = levels;
  edit.label = label;
  edit.forget = new Array(info.height * info.width).fill(0);
  if (label !== null && label >= 0 && info.conditioning === 'class') $('complete-class').value = String(label);
  renderEdit();
}

function renderEdit() {
  const g = new Grid($('complete-edit'), 1, 0);
  if (edit.image) g.image(0, edit.image, edit.forget);
  g.flush();
}

function paint(ev) {
  if (!edit.image) return;
  const canvas = $('complete-edit');
  const r = canvas.getBoundingClientRect();
  const x = Math.floor((ev.clientX - r.left) / r.width * info.width);
  const y = Math.floor((ev.clientY - r.top) / r.height * info.height);
  const b = Number($('complete-brush').value);
  for (let dy = 0; dy < b; dy++) for (let dx = 0; dx < b; dx++) {
    const yy = y + dy - Math.floor(b / 2), xx = x + dx - Math.floor(b / 2);
    if (yy >= 0 && yy < info.height && xx >= 0 && xx < info.width) edit.forget[yy * info.width + xx] = 1;
  }
  renderEdit();
}

function setUpComplete() {
  classOptions($('complete-class'), false);
  $('complete-class-label').hidden = info.conditioning !== 'class';
  tests.images.forEach((levels, i) => {
    const t = thumbnail(levels);
    t.title = 'test image ' + i + (tests.labels[i] >= 0 ? ', class ' + tests.labels[i] : '');
    t.addEventListener('click', () => {
      document.querySelectorAll('.thumbs canvas').forEach((c) => c.classList.remove('chosen'));
      t.classList.add('chosen');
      chooseForCompletion(levels, tests.labels[i]);
    });
    $('complete-thumbs').appendChild(t);
  });
  if (tests.images.length) $('complete-thumbs').firstChild.click();
  else status('complete-status', 'no test images here: upload one');
  $('complete-file').addEventListener('change', async () => {
    const file = $('complete-file').files[0];
    if (!file) return;
    try {
      const res = await fetch('/api/decode', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
      if (!res.ok) throw new Error(await errorOf(res));
      const d = await res.json();
      chooseForCompletion(d.images[0], null);
      status('complete-status', `uploaded ${file.name}` + (d.total > 1 ? ` (first of ${d.total} images)` : ''));
    } catch (e) { status('complete-status', e.message, true); }
  });
  const canvas = $('complete-edit');
  canvas.addEventListener('mousedown', (ev) => { edit.painting = true; paint(ev); });
  canvas.addEventListener('mousemove', (ev) => { if (edit.painting) paint(ev); });
  window.addEventListener('mouseup', () => { edit.painting = false; });
  $('complete-clear').addEventListener('click', () => { if (edit.forget) { edit.forget.fill(0); renderEdit(); } });
  $('complete-bottom').addEventListener('click', () => {
    if (!edit.forget) return;
    edit.forget.fill(1, Math.floor(info.height / 2) * info.width);
    renderEdit();
  });
  $('complete-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!edit.image) { status('complete-status', 'pick or upload an image first', true); return; }
    const body = {
      image: edit.image, forget: edit.forget, k: Number($('complete-k').value),
      temperature: $('complete-temperature').value, seed: $('complete-seed').value,
      class: info.conditioning === 'class' ? Number($('complete-class').value) : null,
    };
    draw('complete-status', $('complete-canvas'), '/api/complete',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  });
}

// ---- score -----------------------------------------------------------------------------------

function heatCanvas(colours) {
  const canvas = document.createElement('canvas');
  canvas.width = info.width; canvas.height = info.height;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(info.width, info.height);
  colours.forEach((rgb, p) => {
    img.data[4 * p] = rgb >> 16 & 255; img.data[4 * p + 1] = rgb >> 8 & 255; img.data[4 * p + 2] = rgb & 255; img.data[4 * p + 3] = 255;
  });
  ctx.putImageData(img, 0, 0);
  return canvas;
}

async function score(file) {
  status('score-status', 'scoring ' + file.name + '…');
  $('score-results').innerHTML = '';
  try {
    const res = await fetch('/api/score', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
    if (!res.ok) throw new Error(await errorOf(res));
    const d = await res.json();
    d.images.forEach((one) => {
      const fig = document.createElement('figure');
      fig.appendChild(thumbnail(one.pixels));
      fig.appendChild(heatCanvas(one.heat));
      const cap = document.createElement('figcaption');
      cap.textContent = one.bitsPerDim.toFixed(3) + ' bits/dim';
      if (one.ood) {
        // With a background model or a threshold (serve --background, --threshold): the OOD verdict.
        const parts = [];
        if (one.ood.likelihood_ratio !== undefined) parts.push('ratio ' + one.ood.likelihood_ratio.toFixed(3));
        parts.push('complexity ' + one.ood.complexity_score.toFixed(3));
        cap.textContent += ' · ' + parts.join(' · ');
        if (one.ood.flagged !== undefined) {
          const verdict = document.createElement('strong');
          verdict.className = one.ood.flagged ? 'flagged' : 'passed';
          verdict.textContent = one.ood.flagged
            ? ` FLAGGED (${one.ood.score} ${one.ood[one.ood.score].toFixed(3)} > ${one.ood.threshold.toFixed(3)})`
            : ' in distribution';
          cap.appendChild(verdict);
        }
      }
      fig.appendChild(cap);
      $('score-results').appendChild(fig);
    });
    const mean = d.images.reduce((a, o) => a + o.bitsPerDim, 0) / d.images.length;
    status('score-status', `${file.name}: ${d.images.length}${d.total > d.images.length ? ' of ' + d.total : ''} image(s), `
      + `mean ${mean.toFixed(3)} bits/dim (${d.given}); ${d.map}: black → red → yellow → white`);
  } catch (e) { status('score-status', e.message, true); }
}

function setUpScore() {
  const drop = $('score-drop');
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault(); drop.classList.remove('over');
    if (ev.dataTransfer.files[0]) score(ev.dataTransfer.files[0]);
  });
  $('score-file').addEventListener('change', () => { if ($('score-file').files[0]) score($('score-file').files[0]); });
}

// ---- training --------------------------------------------------------------------------------

function plotCurve(rows) {
  const canvas = $('training-curve');
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height, L = 50, B = 30, T = 10, R = 10;
  ctx.clearRect(0, 0, W, H);
  const values = rows.flatMap((r) => [r[1], r[2]]).filter((v) => v !== null);
  if (!values.length) { ctx.fillText('no metrics yet', L, H / 2); return; }
  const maxStep = Math.max(1, ...rows.map((r) => r[0]));
  const lo = Math.min(...values), hi = Math.max(...values), span = Math.max(hi - lo, 1e-6);
  const px = (s) => L + (W - L - R) * s / maxStep;
  const py = (v) => T + (H - T - B) * (hi - v) / span;
  ctx.strokeStyle = '#888'; ctx.strokeRect(L, T, W - L - R, H - T - B);
  ctx.fillStyle = '#333'; ctx.font = '12px sans-serif';
  ctx.fillText(hi.toFixed(3), 2, T + 10); ctx.fillText(lo.toFixed(3), 2, H - B);
  ctx.fillText('step ' + maxStep, W - 90, H - 10); ctx.fillText('bits/dim', 2, H / 2);
  [[1, '#1f6fd1', 'train'], [2, '#e07a1f', 'test']].forEach(([col, colour, name], k) => {
    const pts = rows.filter((r) => r[col] !== null);
    ctx.strokeStyle = colour; ctx.fillStyle = colour; ctx.beginPath();
    pts.forEach((r, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, px(r[0]), py(r[col])));
    ctx.stroke();
    pts.forEach((r) => ctx.fillRect(px(r[0]) - 2, py(r[col]) - 2, 4, 4));
    ctx.fillText(name, W - 60, T + 15 + 15 * k);
  });
}

let lastGrid = null;
async function refreshTraining() {
  try {
    const d = await getJson('/api/training');
    plotCurve(d.rows);
    if (d.grid && d.grid !== lastGrid) {
      lastGrid = d.grid;
      $('training-grid').src = '/api/training/grid?v=' + encodeURIComponent(d.grid);
      $('training-grid').hidden = false;
    }
    status('training-status', (d.training ? 'training: refreshes every 5 s' : 'not training (finished or stopped)')
      + ` · ${d.rows.length} metric rows` + (d.grid ? ' · latest grid ' + d.grid.split('@')[0] : ''));
    if (d.training) setTimeout(refreshTraining, 5000);
  } catch (e) { status('training-status', e.message, true); }
}

// ---- start -----------------------------------------------------------------------------------

function showView(name) {
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.view === name));
  document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + name; });
}

async function start() {
  document.querySelectorAll('.tab').forEach((t) => t.addEventListener('click', () => showView(t.dataset.view)));
  try {
    info = await getJson('/api/info');
    tests = await getJson('/api/images');
  } catch (e) { status('sample-status', e.message, true); return; }
  $('model').textContent = `${info.type} · ${info.layers} layers · ${info.parameters.toLocaleString()} parameters · `
    + `${info.height}×${info.width}×${info.channels} · h: ${info.conditioning}` + (info.classes ? ` (${info.classes} classes)` : '');
  setUpSample();
  setUpComplete();
  setUpScore();
  if (info.run) { $('tab-training').hidden = false; refreshTraining(); }
  document.body.dataset.ready = 'true';
}

start();
