// RobotEdge site view: every robot of the site, live. No dependencies.
// Protocol: JSON text messages; the page sends {type:'hello', name, token} (as the robot console does),
// then receives {type:'welcome', operator, robots} and {type:'site', robots} (src/Edge/SiteView/SiteRobotRow.cs).
'use strict';

const site = window.siteView = { socket: null, welcome: null, robots: null, updates: 0 };
const $ = (id) => document.getElementById(id);
const pct = (x) => (x === null || x === undefined ? '—' : (100 * x).toFixed(1) + ' %');
const ms = (x) => (x > 0 ? x.toFixed(1) : '—');

$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  connect($('signin-name').value, $('signin-token').value);
});

function connect(name, token) {
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/site/ws');
  site.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', name, token }));
  socket.onmessage = (e) => onMessage(JSON.parse(e.data));
  socket.onclose = (e) => {
    if (!site.welcome) {
      $('signin-error').textContent = 'Sign-in refused' + (e.reason ? ': ' + e.reason : '');
    } else {
      $('status').textContent = 'disconnected from the edge server';
      $('status').className = 'status stopped';
    }
  };
}

function onMessage(m) {
  if (m.type === 'welcome') {
    site.welcome = m;
    $('signin').hidden = true;
    $('site').hidden = false;
    $('operator').textContent = 'signed in as ' + m.operator;
    $('status').textContent = 'live';
  }
  if (m.robots) {
    site.robots = m.robots;
    site.updates++;
    render(m.robots);
  }
}

function render(robots) {
  const body = document.querySelector('#robots tbody');
  const seen = new Set();
  for (const r of robots) {
    seen.add(r.id);
    let tr = body.querySelector(`tr[data-robot="${CSS.escape(r.id)}"]`);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.robot = r.id;
      for (const c of ['id', 'state', 'mode', 'routes', 'share', 'fallbacks', 'hits', 'rate', 'latency', 'task']) {
        const td = document.createElement('td');
        td.className = 'c-' + c;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    const cell = (c) => tr.querySelector('.c-' + c);
    cell('id').textContent = r.id;
    cell('state').textContent = r.state;
    cell('state').style.color = r.healthy ? '#6f6' : (r.connected ? '#fc4' : '#f66');
    tr.dataset.state = r.state;
    cell('mode').textContent = r.mode + (r.stopCauses ? ' (' + r.stopCauses + ')' : '') + (r.faultMask ? ' fault 0x' + r.faultMask.toString(16) : '');
    cell('routes').textContent = `${r.routeOnBoard} / ${r.routeEdge} / ${r.routeHedged}`;
    cell('share').textContent = pct(r.edgeShare);
    cell('fallbacks').textContent = r.fallbacks;
    cell('hits').textContent = `${r.deadlineHits} of ${r.framesCommanded}`;
    cell('rate').textContent = pct(r.hitRate);
    cell('latency').textContent = `${ms(r.latencyP50Ms)} / ${ms(r.latencyP99Ms)} (deadline ${r.deadlineMs || '—'})`;
    cell('task').textContent = r.taskId || '—';
  }
  for (const tr of [...body.querySelectorAll('tr')]) {
    if (!seen.has(tr.dataset.robot)) tr.remove();
  }
  const healthy = robots.filter((r) => r.healthy).length;
  const connected = robots.filter((r) => r.connected).length;
  $('summary').textContent = `${robots.length} robots, ${connected} connected, ${healthy} healthy`;
}
