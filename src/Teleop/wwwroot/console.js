// RobotEdge operator console. No dependencies: canvas drawing, WebSocket, Gamepad API.
// Protocol: JSON text messages (src/Teleop/Server/ClientMessage.cs and the *Message.cs files beside it);
// binary messages are video frames (layout in src/Teleop/Video/VideoPump.cs).
'use strict';

const rc = window.robotConsole = {
  socket: null, welcome: null, state: null, mine: false,
  stats: { framesShown: 0, lastSeq: -1, lastCaptureNs: 0, overlay: null, replies: [] },
};

const $ = (id) => document.getElementById(id);
const STAGES = ['queue', 'preprocess', 'inference', 'decode', 'plan', 'control'];
const COLOURS = ['#888', '#4cf', '#fc4', '#f6c', '#6f6', '#f84'];
const MIN_CONFIDENCE = 0.3;

function send(message) {
  if (rc.socket && rc.socket.readyState === WebSocket.OPEN) {
    rc.socket.send(JSON.stringify(message));
  }
}

// ---- sign in -------------------------------------------------------------------------------
$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  connect($('signin-name').value, $('signin-token').value);
});

function connect(name, token) {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  rc.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', name, token }));
  socket.onmessage = (e) => (typeof e.data === 'string' ? onText(JSON.parse(e.data)) : onFrame(e.data));
  socket.onclose = (e) => {
    rc.connected = false;
    if (!rc.welcome) {
      $('signin-error').textContent = 'Sign-in refused' + (e.reason ? ': ' + e.reason : '');
    } else {
      $('status').textContent = 'disconnected';
      $('status').className = 'status stopped';
    }
  };
}

function onText(m) {
  if (m.type === 'welcome') {
    rc.welcome = m;
    rc.connected = true;
    $('signin').hidden = true;
    $('console').hidden = false;
    $('robot-name').textContent = m.robot;
    $('operator').textContent = 'signed in as ' + m.operator;
    $('deadline').textContent = m.deadlineMs;
    $('video').width = $('overlay').width = m.width;
    $('video').height = $('overlay').height = m.height;
    buildJoints(m.joints);
    setInterval(() => { if (rc.mine) send({ type: 'heartbeat' }); }, m.heartbeatMs);
  } else if (m.type === 'state') {
    onState(m);
  } else if (m.type === 'reply') {
    rc.stats.replies.push(m);
    if (m.command === 'take' && m.ok) rc.mine = true;
    $('reply').textContent = m.command + (m.ok ? ': ok' : ': refused — ' + m.reason) + (m.reason && m.ok ? ' (' + m.reason + ')' : '');
  }
}

// ---- video and keypoint overlay ---------------------------------------------------------------
let decoding = false;
let pendingFrame = null;

function onFrame(buffer) {
  if (decoding) { pendingFrame = buffer; return; } // newest wins while the previous one decodes
  decoding = true;
  drawFrame(buffer).finally(() => {
    decoding = false;
    if (pendingFrame) { const next = pendingFrame; pendingFrame = null; onFrame(next); }
  });
}

async function drawFrame(buffer) {
  const view = new DataView(buffer);
  if (view.getUint8(0) !== 1) return;
  const count = view.getUint8(1);
  const seq = Number(view.getBigInt64(8, true));
  const captureNs = Number(view.getBigInt64(16, true));
  const points = [];
  for (let i = 0; i < count; i++) {
    const o = 24 + i * 12;
    points.push([view.getFloat32(o, true), view.getFloat32(o + 4, true), view.getFloat32(o + 8, true)]);
  }
  const jpeg = new Blob([new Uint8Array(buffer, 24 + count * 12)], { type: 'image/jpeg' });
  const bitmap = await createImageBitmap(jpeg);
  $('video').getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  const overlay = $('overlay').getContext('2d');
  overlay.clearRect(0, 0, overlay.canvas.width, overlay.canvas.height);
  const drawn = [];
  points.forEach(([x, y, c], i) => {
    if (c < MIN_CONFIDENCE) return;
    overlay.strokeStyle = COLOURS[i % COLOURS.length];
    overlay.lineWidth = 2;
    overlay.beginPath();
    overlay.arc(x, y, 7, 0, 2 * Math.PI);
    overlay.moveTo(x - 11, y); overlay.lineTo(x + 11, y);
    overlay.moveTo(x, y - 11); overlay.lineTo(x, y + 11);
    overlay.stroke();
    drawn.push({ index: i, x, y, confidence: c });
  });
  rc.stats.framesShown++;
  rc.stats.lastSeq = seq;
  rc.stats.lastCaptureNs = captureNs;
  rc.stats.overlay = { seq, points: drawn };
  $('video').dataset.frame = String(seq);
}

// ---- state: status, joints, charts, events ---------------------------------------------------------
function onState(s) {
  rc.state = s;
  rc.mine = s.mine;
  const stopped = s.motion !== 'running';
  $('status').textContent = s.mode + ' · ' + s.motion + (s.causes.length ? ' (' + s.causes.join(', ') + ')' : '');
  $('status').className = 'status' + (stopped ? ' stopped' : '');
  $('lease').textContent = s.lease ? 'control: ' + s.lease + (s.mine ? ' (you)' : '') : 'control: free';
  $('estop').classList.toggle('latched', s.estop);
  for (const b of document.querySelectorAll('#modes button')) b.classList.toggle('active', b.dataset.mode === s.mode);
  const commanding = s.mine;
  for (const b of document.querySelectorAll('#modes button, .jog, .cart button, #reset, #release')) b.disabled = !commanding;
  $('take').disabled = commanding;
  s.joints.forEach((j, i) => {
    const row = $('joint-' + i);
    if (!row) return;
    row.querySelector('.pos').textContent = j.positionRad.toFixed(3);
    row.querySelector('.vel').textContent = j.velocityRadPerS.toFixed(3);
    row.querySelector('.set').textContent = s.mode === 'manual' ? j.setPointRad.toFixed(3) : '—';
  });
  for (const f of s.frames) stageChart.push([f[1], f[2], f[3], f[4], f[5], NaN]);
  for (const c of s.commands) { stageChart.pushControl(c[1]); e2eChart.push([c[2]]); }
  stageChart.draw();
  e2eChart.draw();
  $('misses').textContent = s.misses;
  $('commands').textContent = s.commandsTotal;
  $('events').innerHTML = '';
  for (const e of s.events) {
    const li = document.createElement('li');
    li.textContent = `tick ${e.tick}: ${e.kind} — ${e.mode}, causes ${e.causes}`;
    $('events').appendChild(li);
  }
  $('video-info').textContent = `video: ${s.video.sent} frames sent, JPEG encode ${s.video.encodeMs.toFixed(1)} ms, ` +
    `${(s.video.bytes / 1024).toFixed(0)} KiB/frame, ${s.video.dropped} dropped for slow pages` +
    (s.estopLatencyUs >= 0 ? ` · last e-stop: first stop command ${s.estopLatencyUs.toFixed(0)} µs after the request` : '');
}

function buildJoints(joints) {
  const body = document.querySelector('#joints tbody');
  body.innerHTML = '';
  joints.forEach((j, i) => {
    const row = document.createElement('tr');
    row.id = 'joint-' + i;
    row.innerHTML = `<td>${j.name}</td><td class="pos"></td><td class="vel"></td><td class="set"></td>` +
      `<td><button class="jog" id="jog-${i}-minus" data-joint="${i}" data-dir="-1">−</button>` +
      `<button class="jog" id="jog-${i}-plus" data-joint="${i}" data-dir="1">+</button></td>`;
    body.appendChild(row);
  });
  for (const b of document.querySelectorAll('.jog')) {
    b.addEventListener('click', () => jog(Number(b.dataset.joint), Number(b.dataset.dir)));
  }
}

// ---- commands ------------------------------------------------------------------------------
function jog(joint, dir) {
  send({ type: 'jog', joint, deltaRad: dir * Number($('jog-step').value) });
}

function cartesian(axis, dir) {
  const step = dir * Number($('cart-step').value);
  send({ type: 'cartesian', dx: axis === 'x' ? step : 0, dy: axis === 'y' ? step : 0, dz: axis === 'z' ? step : 0 });
}

function estop() { send({ type: 'estop' }); }

// pointerdown covers mouse, pen and touch, and fires before click: the fastest reliable signal.
$('estop').addEventListener('pointerdown', (e) => { e.preventDefault(); estop(); });
$('estop').addEventListener('keydown', (e) => { if (e.key === 'Enter') estop(); });
$('reset').addEventListener('click', () => send({ type: 'reset' }));
$('take').addEventListener('click', () => send({ type: 'take' }));
$('release').addEventListener('click', () => { rc.mine = false; send({ type: 'release' }); });
for (const b of document.querySelectorAll('#modes button')) b.addEventListener('click', () => send({ type: 'mode', mode: b.dataset.mode }));
for (const b of document.querySelectorAll('.cart button')) b.addEventListener('click', () => cartesian(b.dataset.axis, Number(b.dataset.dir)));

document.addEventListener('keydown', (e) => {
  if (!rc.welcome) return;
  if (e.code === 'Space') { e.preventDefault(); estop(); return; } // e-stop works everywhere, inputs included
  if (e.target instanceof HTMLInputElement) return;
  const keys = {
    ArrowLeft: () => jog(0, 1), ArrowRight: () => jog(0, -1), ArrowUp: () => jog(1, -1), ArrowDown: () => jog(1, 1),
    KeyW: () => cartesian('x', 1), KeyS: () => cartesian('x', -1), KeyA: () => cartesian('y', 1), KeyD: () => cartesian('y', -1),
    KeyQ: () => cartesian('z', 1), KeyE: () => cartesian('z', -1),
  };
  if (keys[e.code]) { e.preventDefault(); keys[e.code](); }
});

// Gamepad: left stick jogs pan/tilt continuously (up to 0.6 rad/s), B (button 1) is the e-stop.
let lastPad = 0;
function pollGamepad(t) {
  const pad = navigator.getGamepads ? [...navigator.getGamepads()].find((p) => p) : null;
  if (pad && rc.welcome) {
    if (pad.buttons[1] && pad.buttons[1].pressed) estop();
    if (t - lastPad >= 100) {
      lastPad = t;
      const dead = (v) => (Math.abs(v) < 0.15 ? 0 : v);
      const x = dead(pad.axes[0] || 0), y = dead(pad.axes[1] || 0);
      if (x) send({ type: 'jog', joint: 0, deltaRad: -x * 0.06 });
      if (y) send({ type: 'jog', joint: 1, deltaRad: y * 0.06 });
    }
  }
  requestAnimationFrame(pollGamepad);
}
requestAnimationFrame(pollGamepad);

// ---- charts ------------------------------------------------------------------------------
class LineChart {
  constructor(canvas, names, colours, deadline) {
    this.canvas = canvas; this.names = names; this.colours = colours; this.deadline = deadline;
    this.series = names.map(() => []); this.capacity = 300;
  }
  // Values may arrive as "NaN" (a frame that produced no goal has no plan time): skip them.
  push(values) {
    values.forEach((v, i) => { const x = Number(v); if (Number.isFinite(x)) this.add(i, x); });
  }
  pushControl(v) { const x = Number(v); if (Number.isFinite(x)) this.add(this.names.length - 1, x); }
  add(i, v) {
    const s = this.series[i];
    s.push(v);
    if (s.length > this.capacity) s.shift();
  }
  draw() {
    const g = this.canvas.getContext('2d'), w = this.canvas.width, h = this.canvas.height;
    g.clearRect(0, 0, w, h);
    const deadline = this.deadline ? this.deadline() : 0;
    let max = deadline * 1.2;
    for (const s of this.series) for (const v of s) max = Math.max(max, v);
    max = max > 0 ? max * 1.1 : 1;
    g.fillStyle = '#777'; g.font = '10px sans-serif';
    g.fillText(max.toFixed(2) + ' ms', 2, 10);
    if (deadline) {
      const y = h - (deadline / max) * h;
      g.strokeStyle = '#f33'; g.setLineDash([6, 4]); g.beginPath(); g.moveTo(0, y); g.lineTo(w, y); g.stroke(); g.setLineDash([]);
      g.fillStyle = '#f33'; g.fillText('deadline', w - 50, y - 3);
    }
    this.series.forEach((s, i) => {
      g.strokeStyle = this.colours[i]; g.beginPath();
      s.forEach((v, k) => { const x = (k / (this.capacity - 1)) * w, y = h - (v / max) * h; k ? g.lineTo(x, y) : g.moveTo(x, y); });
      g.stroke();
    });
  }
}

const stageChart = new LineChart($('chart-stages'), STAGES, COLOURS, null);
const e2eChart = new LineChart($('chart-e2e'), ['end-to-end'], ['#4cf'], () => (rc.welcome ? rc.welcome.deadlineMs : 0));
$('legend-stages').innerHTML = STAGES.map((s, i) => `<span style="color:${COLOURS[i]}">■ ${s}</span>`).join('');
