// RobotEdge operator console. No dependencies: canvas drawing, WebSocket, Gamepad API.
// Protocol: JSON text messages (src/Teleop/Server/ClientMessage.cs and the *Message.cs files beside it);
// binary messages are video frames (layout in src/Teleop/Video/VideoPump.cs).
//
// The page never shows a stale robot as healthy. Every state message (and the welcome) refreshes
// the link; video frames do not, as they say nothing about the robot's state. A timer renders the link's age ten times a second: "live", "stale" after three missed state
// messages, and "connection lost" once nothing came for the welcome's linkTimeoutMs (the heartbeat
// period after which the robot itself stops for want of the controlling page's heartbeats). While
// the link is lost the robot's state is shown as unknown, every control but the E-STOP is disabled,
// and the page reconnects on its own (closing a socket that went silent). An E-STOP press is
// numbered and stays pending until the robot's reply with that number arrives; while pending, the
// page says so and sends it again on every reconnect.
'use strict';

const rc = window.robotConsole = {
  socket: null, welcome: null, state: null, mine: false, credentials: null,
  link: { state: 'connecting', lastStateAt: 0, attempts: 0, nextAttemptAt: 0, socketOpenedAt: 0, reason: '' },
  estop: { seq: 0, pending: null, delivered: null, sends: 0 },
  stats: { framesShown: 0, lastSeq: -1, lastCaptureNs: 0, overlay: null, replies: [], welcomes: 0, maxLiveAgeMs: 0, lostDeclared: 0 },
};

const $ = (id) => document.getElementById(id);
const STAGES = ['queue', 'preprocess', 'inference', 'decode', 'plan', 'control'];
const COLOURS = ['#888', '#4cf', '#fc4', '#f6c', '#6f6', '#f84'];
const MIN_CONFIDENCE = 0.3;
const RENDER_MS = 100;

function linkLive() { return rc.link.state === 'live' || rc.link.state === 'stale'; }

function send(message) {
  if (rc.socket && rc.socket.readyState === WebSocket.OPEN && rc.welcome && rc.socket.signedIn) {
    rc.socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

// ---- sign in and the link ---------------------------------------------------------------------
$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  rc.credentials = { name: $('signin-name').value, token: $('signin-token').value };
  connect();
});

function connect() {
  const { name, token } = rc.credentials;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  if (rc.socket) { const old = rc.socket; rc.socket = null; old.onclose = null; old.onmessage = null; try { old.close(); } catch (_) { /* already closed */ } }
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.signedIn = false;
  rc.socket = socket;
  rc.link.attempts++;
  rc.link.socketOpenedAt = performance.now();
  socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', name, token }));
  socket.onmessage = (e) => {
    if (socket !== rc.socket) return;
    if (typeof e.data === 'string') onText(JSON.parse(e.data), socket); else onFrame(e.data);
  };
  socket.onclose = (e) => {
    if (socket !== rc.socket) return;
    rc.socket = null;
    if (!rc.welcome) {
      $('signin-error').textContent = 'Sign-in refused' + (e.reason ? ': ' + e.reason : '');
      return;
    }
    if (e.code === 1008) {
      // Refused (the operator's token was withdrawn): reconnecting would only be refused again.
      rc.link.reason = 'refused: ' + (e.reason || 'policy');
      rc.link.refused = true;
    } else {
      rc.link.reason = 'socket closed' + (e.code ? ' (' + e.code + ')' : '');
    }
    declareLost();
  };
}

function declareLost() {
  if (rc.link.state !== 'lost') {
    rc.link.state = 'lost';
    rc.stats.lostDeclared++;
    rc.link.nextAttemptAt = performance.now() + 250;
    rc.link.backoffMs = 250;
  }
  render();
}

// Ten times a second: the link's age, reconnection, the e-stop's delivery.
setInterval(tickLink, RENDER_MS);

function tickLink() {
  if (!rc.welcome) return;
  const now = performance.now();
  const age = now - rc.link.lastStateAt;
  const timeout = rc.welcome.linkTimeoutMs;
  if (rc.link.state !== 'lost' && rc.link.state !== 'connecting') {
    if (age >= timeout) {
      rc.link.reason = 'no update for ' + (age / 1000).toFixed(1) + ' s';
      declareLost();
    } else {
      rc.link.state = age >= 3000 / rc.welcome.stateRateHz ? 'stale' : 'live';
    }
  }
  if ((rc.link.state === 'lost' || rc.link.state === 'connecting') && !rc.link.refused) {
    // A socket that opened but never brought a welcome counts as silent after the same timeout.
    const attemptSilent = !rc.socket || now - Math.max(rc.link.socketOpenedAt, rc.link.lastStateAt) >= timeout;
    if (attemptSilent && now >= rc.link.nextAttemptAt) {
      rc.link.state = 'lost';
      rc.link.backoffMs = Math.min(2000, (rc.link.backoffMs || 250) * 2);
      rc.link.nextAttemptAt = now + rc.link.backoffMs;
      connect();
    }
  }
  render();
}

function onText(m, socket) {
  if (m.type === 'welcome') {
    const first = !rc.welcome;
    rc.welcome = m;
    socket.signedIn = true;
    rc.stats.welcomes++;
    rc.link.state = 'live';
    rc.link.lastStateAt = performance.now();
    rc.link.backoffMs = 250;
    rc.mine = false;
    if (first) {
      $('signin').hidden = true;
      $('console').hidden = false;
      $('robot-name').textContent = m.robot;
      $('operator').textContent = 'signed in as ' + m.operator;
      $('deadline').textContent = m.deadlineMs;
      $('video').width = $('overlay').width = m.width;
      $('video').height = $('overlay').height = m.height;
      $('jog-step').max = m.maxJogStepRad;
      $('cart-step').max = m.maxCartesianStepM;
      buildJoints(m.joints);
      setInterval(() => { if (rc.mine && linkLive()) send({ type: 'heartbeat' }); }, m.heartbeatMs);
    }
    // An e-stop pressed while the link was down goes out first thing.
    if (rc.estop.pending) sendEstop();
    render();
  } else if (m.type === 'state') {
    rc.link.lastStateAt = performance.now();
    if (rc.link.state === 'connecting' || rc.link.state === 'lost') rc.link.state = 'live';
    onState(m);
  } else if (m.type === 'reply') {
    rc.stats.replies.push(m);
    if (m.command === 'hello') {
      $('signin-error').textContent = 'Sign-in refused: ' + m.reason;
      return;
    }
    if (m.command === 'take' && m.ok) rc.mine = true;
    if (m.command === 'release' && m.ok) rc.mine = false;
    if (m.command === 'estop' && m.ok && rc.estop.pending && m.id >= rc.estop.pending.id) {
      rc.estop.delivered = { id: m.id, at: new Date() };
      rc.estop.pending = null;
    }
    const text = m.ok ? (m.limited ? ': limited — ' + m.reason : ': ok' + (m.reason ? ' (' + m.reason + ')' : '')) : ': refused — ' + m.reason;
    $('reply').textContent = m.command + text;
    $('reply').className = 'reply' + (m.ok && !m.limited ? '' : ' refused');
    render();
  }
}

// ---- video and keypoint overlay ---------------------------------------------------------------
// The bones of BlazePose's 33-landmark body (MediaPipe's published pose connections), drawn when a
// frame carries 33 keypoints; other models' keypoints are drawn as marks only.
const BLAZEPOSE_BONES = [
  [0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24], [23, 25], [24, 26], [25, 27], [26, 28],
  [27, 29], [28, 30], [29, 31], [30, 32], [27, 31], [28, 32],
];
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
  const bones = [];
  if (points.length === 33) {
    overlay.strokeStyle = '#6f6';
    overlay.lineWidth = 3;
    overlay.beginPath();
    for (const [a, b] of BLAZEPOSE_BONES) {
      if (points[a][2] < MIN_CONFIDENCE || points[b][2] < MIN_CONFIDENCE) continue;
      overlay.moveTo(points[a][0], points[a][1]);
      overlay.lineTo(points[b][0], points[b][1]);
      bones.push([a, b]);
    }
    overlay.stroke();
  }
  points.forEach(([x, y, c], i) => {
    if (c < MIN_CONFIDENCE) return;
    overlay.strokeStyle = COLOURS[i % COLOURS.length];
    overlay.lineWidth = 2;
    overlay.beginPath();
    if (points.length === 33) {
      overlay.arc(x, y, 3, 0, 2 * Math.PI); // a body's joints: small, the bones carry the shape
    } else {
      overlay.arc(x, y, 7, 0, 2 * Math.PI);
      overlay.moveTo(x - 11, y); overlay.lineTo(x + 11, y);
      overlay.moveTo(x, y - 11); overlay.lineTo(x, y + 11);
    }
    overlay.stroke();
    drawn.push({ index: i, x, y, confidence: c });
  });
  rc.stats.framesShown++;
  rc.stats.lastSeq = seq;
  rc.stats.lastCaptureNs = captureNs;
  rc.stats.overlay = { seq, points: drawn, bones };
  $('video').dataset.frame = String(seq);
}

// ---- state: status, joints, charts, events ---------------------------------------------------------
function onState(s) {
  rc.state = s;
  rc.mine = s.mine;
  s.joints.forEach((j, i) => {
    const row = $('joint-' + i);
    if (!row) return;
    row.querySelector('.pos').textContent = j.positionRad.toFixed(3);
    row.querySelector('.vel').textContent = j.velocityRadPerS.toFixed(3);
    row.querySelector('.set').textContent = s.mode === 'manual' ? j.setPointRad.toFixed(3) : '—';
    const fault = $('joint-fault-' + i);
    fault.hidden = !j.fault;
    fault.querySelector('td').textContent = j.fault ? '⚠ ' + j.fault : '';
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
  render();
}

// Everything that depends on the link's freshness is drawn here, from the age measured now.
function render() {
  if (!rc.welcome) return;
  const now = performance.now();
  const age = now - rc.link.lastStateAt;
  const s = rc.state;
  const live = linkLive() && age < rc.welcome.linkTimeoutMs;
  const link = $('link');
  if (live) {
    link.textContent = (rc.link.state === 'stale' ? 'stale · ' : 'live · ') + 'updated ' + (age / 1000).toFixed(1) + ' s ago';
    link.className = 'link' + (rc.link.state === 'stale' ? ' stale' : '');
  } else {
    const since = rc.link.lastStateAt ? 'last update ' + (age / 1000).toFixed(1) + ' s ago' : 'no update yet';
    link.textContent = 'CONNECTION LOST · ' + since + (rc.link.refused ? ' · ' + rc.link.reason : ' · reconnecting (attempt ' + rc.link.attempts + ')');
    link.className = 'link lost';
  }
  link.dataset.state = live ? rc.link.state : 'lost';

  const loopSilent = s && s.loopSilentMs >= rc.welcome.linkTimeoutMs;
  if (!live || !s) {
    $('status').textContent = 'robot state unknown' + (s ? ' (last seen: ' + s.mode + ' · ' + s.motion + ')' : '');
    $('status').className = 'status unknown';
  } else if (loopSilent) {
    $('status').textContent = 'robot not responding: control loop silent for ' + (s.loopSilentMs / 1000).toFixed(1) + ' s';
    $('status').className = 'status stopped';
  } else {
    const stopped = s.motion !== 'running';
    $('status').textContent = s.mode + ' · ' + s.motion + (s.causes.length ? ' (' + s.causes.join(', ') + ')' : '') +
      (s.resetNeeded ? ' — reset needed' : '');
    $('status').className = 'status' + (stopped ? ' stopped' : '');
    if (!stopped) rc.stats.maxLiveAgeMs = Math.max(rc.stats.maxLiveAgeMs, age);
  }
  $('status').dataset.live = String(live && !!s && !loopSilent);
  $('lease').textContent = !live || !s ? 'control: unknown' : s.lease ? 'control: ' + s.lease + (s.mine ? ' (you)' : '') : 'control: free';
  $('estop').classList.toggle('latched', !!(live && s && s.estop));
  for (const b of document.querySelectorAll('#modes button')) b.classList.toggle('active', !!(live && s && b.dataset.mode === s.mode));

  const commanding = live && !!s && s.mine;
  const jogging = commanding && s.mode === 'manual' && !s.estop;
  for (const b of document.querySelectorAll('#modes button, #release')) b.disabled = !commanding;
  $('reset').disabled = !(commanding && s.resetNeeded);
  for (const b of document.querySelectorAll('.jog, .cart button')) b.disabled = !jogging;
  $('take').disabled = !live || !s || s.mine;
  renderEstop(live);
}

function renderEstop(live) {
  const line = $('estop-state');
  if (rc.estop.pending) {
    const sent = rc.estop.pending.sent;
    line.textContent = live && sent
      ? 'E-STOP sent — waiting for the robot to confirm…'
      : 'E-STOP NOT delivered — no connection to the robot; it goes out as soon as the link is back';
    line.className = 'estop-state ' + (live && sent ? 'pending' : 'failed');
  } else if (rc.estop.delivered) {
    line.textContent = 'E-STOP delivered: the robot confirmed at ' + rc.estop.delivered.at.toLocaleTimeString();
    line.className = 'estop-state delivered';
  } else {
    line.textContent = '';
    line.className = 'estop-state';
  }
}

function buildJoints(joints) {
  const body = document.querySelector('#joints tbody');
  body.innerHTML = '';
  joints.forEach((j, i) => {
    const row = document.createElement('tr');
    row.id = 'joint-' + i;
    row.innerHTML = `<td>${j.name}</td><td class="pos"></td><td class="vel wide"></td><td class="set"></td>` +
      `<td class="jog-cell"><button class="jog" id="jog-${i}-minus" data-joint="${i}" data-dir="-1" aria-label="jog ${j.name} minus">−</button>` +
      `<button class="jog" id="jog-${i}-plus" data-joint="${i}" data-dir="1" aria-label="jog ${j.name} plus">+</button></td>`;
    body.appendChild(row);
    const fault = document.createElement('tr');
    fault.id = 'joint-fault-' + i;
    fault.className = 'fault';
    fault.hidden = true;
    fault.innerHTML = '<td colspan="5"></td>';
    body.appendChild(fault);
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

function estop() {
  if (!rc.welcome) return;
  rc.estop.seq++;
  rc.estop.pending = { id: rc.estop.seq, sent: false };
  rc.estop.delivered = null;
  sendEstop();
  if (!rc.estop.pending.sent && !rc.link.refused) {
    // No usable link: try to reconnect now rather than at the next back-off step.
    rc.link.nextAttemptAt = 0;
    if (rc.link.state !== 'lost') declareLost();
    tickLink();
  }
  render();
}

function sendEstop() {
  const p = rc.estop.pending;
  if (send({ type: 'estop', id: p.id })) {
    p.sent = true;
    rc.estop.sends++;
  }
}

// pointerdown covers mouse, pen and touch, and fires before click: the fastest reliable signal.
$('estop').addEventListener('pointerdown', (e) => { e.preventDefault(); estop(); });
$('estop').addEventListener('keydown', (e) => { if (e.key === 'Enter') estop(); });
$('reset').addEventListener('click', () => send({ type: 'reset' }));
$('take').addEventListener('click', () => send({ type: 'take' }));
$('release').addEventListener('click', () => send({ type: 'release' }));
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
let padStopHeld = false;
function pollGamepad(t) {
  const pad = navigator.getGamepads ? [...navigator.getGamepads()].find((p) => p) : null;
  if (pad && rc.welcome) {
    const stopPressed = !!(pad.buttons[1] && pad.buttons[1].pressed);
    if (stopPressed && !padStopHeld) estop();
    padStopHeld = stopPressed;
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
