// The Silas web client: connects, authenticates with the session token, enrols the device key when asked,
// signs every message and every card answer with the device key, renders cards, posts secrets out of band.
import * as keys from './keys.js';
import { renderCard } from './cards.js';

const streamEl = document.getElementById('stream');
const reviewEl = document.getElementById('review');
const statusEl = document.getElementById('status');
const textEl = document.getElementById('text');
const sendEl = document.getElementById('send');

// The token and enrolment code arrive in the URL fragment (never sent to a server, never logged) and move to
// sessionStorage; the fragment is then removed from the address bar.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) sessionStorage.setItem('silas.token', fragment.get('token'));
if (fragment.get('enrol')) sessionStorage.setItem('silas.enrol', fragment.get('enrol'));
if (location.hash) history.replaceState(null, '', location.pathname);
const token = sessionStorage.getItem('silas.token');

let socket = null;
let pair = null;
let role = null;

function status(state, text) {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

function line(kind, text) {
  const node = document.createElement('div');
  node.className = `msg ${kind}`;
  node.textContent = text;
  streamEl.append(node);
  node.scrollIntoView({ block: 'end' });
}

// The line of a reply still being streamed, created on its first part.
function streamed(replyId) {
  const existing = streamEl.querySelector(`[data-reply-id="${CSS.escape(replyId)}"]`);
  if (existing) return existing;
  line('silas', '');
  const node = streamEl.lastElementChild;
  node.dataset.replyId = replyId;
  return node;
}

function setAccepting(accepting) {
  textEl.disabled = !accepting;
  sendEl.disabled = !accepting;
  if (accepting) status('ready', `connected as ${role}${role === 'owner' ? ' · messages signed by this device' : ''}`);
}

function send(frame) {
  socket.send(JSON.stringify(frame));
}

async function answer(cardId, choice) {
  const card = reviewEl.querySelector(`[data-card-id="${CSS.escape(cardId)}"]`);
  if (card) card.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  send(await keys.signAnswer(pair, cardId, choice));
}

async function storeSecret(refId, value) {
  const response = await fetch(`/secrets/${encodeURIComponent(refId)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ value }),
  });
  return response.status === 201;
}

function onFrame(frame) {
  switch (frame.type) {
    case 'hello':
      role = frame.role;
      status('connected', `connected as ${role}`);
      if (role === 'owner' && !frame.enrolled) enrol();
      setAccepting(frame.accepting);
      break;
    case 'accepting':
      setAccepting(true);
      break;
    case 'enrolled':
      sessionStorage.removeItem('silas.enrol');
      line('system', `This device is enrolled as the owner's (key ${frame.fingerprint}).`);
      break;
    case 'enrol_refused':
      line('error', `Enrolment refused: ${frame.reason}`);
      break;
    case 'reply':
      line('silas', frame.text);
      break;
    case 'reply_part':
      streamed(frame.reply_id).textContent += frame.text;
      break;
    case 'reply_end': {
      // The final text replaces every part shown: a later gate decision (block, redaction) wins.
      const node = streamed(frame.reply_id);
      delete node.dataset.replyId;
      if (frame.text) node.textContent = frame.text;
      else node.remove();
      break;
    }
    case 'progress':
      line('progress', frame.text);
      break;
    case 'card': {
      const existing = reviewEl.querySelector(`[data-card-id="${CSS.escape(frame.card.card_id)}"]`);
      if (existing) existing.remove();
      reviewEl.append(renderCard(frame.card, frame.deadline, {
        onChoice: (value) => answer(frame.card.card_id, value),
        onSecret: storeSecret,
      }));
      break;
    }
    case 'card_result': {
      const card = reviewEl.querySelector(`[data-card-id="${CSS.escape(frame.card_id)}"]`);
      if (!card) break;
      const result = document.createElement('div');
      result.className = 'result';
      result.dataset.accepted = String(frame.accepted);
      result.textContent = frame.accepted ? 'Answer accepted.' : `Answer refused: ${frame.reason}`;
      card.append(result);
      if (frame.accepted) card.classList.add('answered');
      else card.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      break;
    }
    case 'error':
      line('error', frame.message);
      break;
    default:
      break;
  }
}

async function enrol() {
  const code = sessionStorage.getItem('silas.enrol');
  if (!code) {
    line('error', 'This device is not enrolled yet: open the enrolment link the host printed.');
    return;
  }
  send({ type: 'enrol', code, public_key: await keys.publicKeyBase64(pair) });
}

async function start() {
  if (!token) {
    status('closed', 'no session: open the link the host printed');
    return;
  }
  pair = await keys.deviceKey();
  socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket.addEventListener('open', () => send({ type: 'auth', token }));
  socket.addEventListener('message', (event) => onFrame(JSON.parse(event.data)));
  socket.addEventListener('close', (event) => {
    setAccepting(false);
    status('closed', `disconnected (${event.code}${event.reason ? `: ${event.reason}` : ''})`);
  });
}

document.getElementById('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = textEl.value.trim();
  if (!text) return;
  textEl.value = '';
  line('you', text);
  send(role === 'owner' ? await keys.signMessage(pair, text) : { type: 'message', text });
});

textEl.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    document.getElementById('composer').requestSubmit();
  }
});

start();
