'use strict';

// The dashboard reads everything from the sample's JSON usage API with a bearer token
// (from the page's #token= fragment, which browsers never send to a server, or the form).

const state = { token: null, pickedToken: null, charts: {} };

function $(id) { return document.getElementById(id); }

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' }
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(response.status + ' ' + (problem.detail || response.statusText));
  }
  return response.status === 204 ? null : response.json();
}

function zone() { return encodeURIComponent($('zone-input').value.trim() || 'UTC'); }

function fillRows(tableId, rows) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren();
  for (const cells of rows) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      td.textContent = cell === null || cell === undefined ? '' : String(cell);
      if (typeof cell === 'number') { td.className = 'number'; }
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

function drawChart(id, labels, counts) {
  if (state.charts[id]) { state.charts[id].destroy(); }
  state.charts[id] = new Chart($(id), {
    type: 'bar',
    data: { labels, datasets: [{ label: 'authentications', data: counts, backgroundColor: '#486581' }] },
    options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
  });
  $(id).dataset.values = counts.join(',');
}

function selectedOwner() {
  const text = $('owner-input').value.trim();
  const separator = text.indexOf(':');
  return { ownerType: text.slice(0, separator), ownerId: text.slice(separator + 1) };
}

async function loadSummary() {
  const owner = selectedOwner();
  const base = '/api/usage/owners/' + encodeURIComponent(owner.ownerType) + '/' + encodeURIComponent(owner.ownerId);
  const [stats, mostActive, tokens, warnings] = await Promise.all([
    api(base + '/statistics?days=30'), api(base + '/most-active?limit=10'), api(base + '/tokens'),
    api(base + '/warnings')]);
  fillRows('expiry-warnings', warnings.map(w => [w.tokenId, w.name, w.kind, w.cause, w.deadline, w.threshold]));
  $('owner').textContent = '(' + owner.ownerType + ':' + owner.ownerId + ')';
  $('stat-total-tokens').textContent = stats.total_tokens;
  $('stat-active-tokens').textContent = stats.active_tokens;
  $('stat-total-requests').textContent = stats.total_requests;
  $('stat-unique-ips').textContent = stats.unique_ips;
  $('stat-failed-attempts').textContent = stats.failed_attempts;
  fillRows('by-environment', Object.entries(stats.by_environment));
  fillRows('by-type', Object.entries(stats.by_type));
  fillRows('most-active', mostActive.map(t => [t.displayPrefix + '…', t.name, t.type, t.environment, t.count]));
  const select = $('token-select');
  select.replaceChildren();
  for (const token of tokens) {
    const option = document.createElement('option');
    option.value = token.id;
    option.textContent = token.name + ' (' + token.displayPrefix + '…)';
    select.appendChild(option);
  }
  const busiest = mostActive.length ? String(mostActive[0].tokenId) : (tokens.length ? String(tokens[0].id) : '');
  const picked = state.pickedToken;
  select.value = tokens.some(t => String(t.id) === picked) ? picked : busiest;
}

async function loadToken() {
  const id = $('token-select').value;
  if (!id) { return; }
  const base = '/api/usage/tokens/' + id;
  const [count, first, last, daily, hourly, ips, lifecycle] = await Promise.all([
    api(base + '/count'), api(base + '/first-use'), api(base + '/last-use'),
    api(base + '/daily?days=30&zone=' + zone()), api(base + '/hourly?zone=' + zone()),
    api(base + '/ips'), api(base + '/lifecycle')]);
  $('token-count').textContent = count.count;
  $('token-first-use').textContent = first ? first.createdAt : 'never';
  $('token-last-use').textContent = last ? last.createdAt : 'never';
  drawChart('daily-chart', daily.map(d => d.date), daily.map(d => d.count));
  drawChart('hourly-chart', hourly.map(h => String(h.hour).padStart(2, '0')), hourly.map(h => h.count));
  fillRows('usage-by-ip', ips.map(i => [i.ipAddress, i.count]));
  fillRows('lifecycle', lifecycle.map(e => [e.event, e.createdAt, JSON.stringify(e.metadata)]));
}

async function loadSecurity() {
  const [failures, suspicious] = await Promise.all([
    api('/api/usage/failures?hours=24&size=50'), api('/api/usage/suspicious-ips')]);
  $('failures-shown').textContent = '(newest ' + failures.content.length + ' of ' + failures.totalElements + ')';
  fillRows('failures', failures.content.map(f =>
    [f.createdAt, f.event, (f.metadata || {}).reason, f.ipAddress, f.tokenId]));
  fillRows('suspicious-ips', suspicious.map(s => [s.ipAddress, s.count]));
}

async function refresh() {
  $('status').textContent = 'Loading…';
  try {
    await loadSummary();
    await Promise.all([loadToken(), loadSecurity()]);
    $('status').textContent = 'Updated ' + new Date().toLocaleTimeString();
    document.body.dataset.loads = String(Number(document.body.dataset.loads) + 1);
  } catch (error) {
    $('status').textContent = 'Could not load usage: ' + error.message;
  }
}

async function generate() {
  $('status').textContent = 'Generating demo traffic…';
  try {
    const result = await api('/api/demo/traffic', { method: 'POST' });
    $('status').textContent = 'Sent ' + result.requests + ' requests, backfilled ' + result.backfilled + ' rows';
    document.body.dataset.demoRows = result.requests + result.backfilled;
    await new Promise(resolve => setTimeout(resolve, 1000));
    await refresh();
  } catch (error) {
    $('status').textContent = 'Could not generate traffic: ' + error.message;
  }
}

function start() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.get('token')) { $('token-input').value = fragment.get('token'); }
  if (fragment.get('owner')) { $('owner-input').value = fragment.get('owner'); }
  $('token-form').addEventListener('submit', event => {
    event.preventDefault();
    state.token = $('token-input').value.trim();
    refresh();
  });
  $('token-select').addEventListener('change', () => {
    state.pickedToken = $('token-select').value;
    loadToken();
  });
  $('generate').addEventListener('click', () => generate());
  if ($('token-input').value) {
    state.token = $('token-input').value.trim();
    refresh();
  }
}

start();
