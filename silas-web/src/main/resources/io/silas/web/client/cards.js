// Renders card frames as DOM (textContent only: card text is never parsed as HTML).

const DETAILS_OPEN = new Set(['high', 'irreversible']);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function planLines(contents) {
  if (!contents) return [];
  const lines = [];
  if (contents.command) {
    lines.push(`Runs this ${contents.runs} ${contents.runs === 'python' ? 'script' : 'command'} exactly:`);
    contents.command.trim().split('\n').forEach((l) => lines.push(`    ${l}`));
  } else {
    lines.push(`Runs: ${contents.runs}`);
  }
  (contents.checks || []).forEach((c) => lines.push(`Check ${c.name}: ${c.run}${c.network ? ' (network)' : ''}`));
  (contents.gates || []).forEach((g) => lines.push(`Gate ${g.name}`));
  (contents.skills || []).forEach((s) => lines.push(`Skill ${s}`));
  if (contents.follow_up_of) lines.push(`Imports artifacts of ${contents.follow_up_of}: ${(contents.input_artifacts || []).join(', ')}`);
  if (contents.budget) lines.push(`Budget: ${JSON.stringify(contents.budget)}`);
  if (contents.schedule) lines.push(`Schedule: ${contents.schedule}`);
  (contents.risk_reasons || []).forEach((r) => lines.push(`Risk: ${r}`));
  return lines;
}

/**
 * A card element. onChoice(value) is called for a button; onSecret(refId, value) for a secure input form
 * (resolves true when stored).
 */
export function renderCard(card, deadline, { onChoice, onSecret }) {
  const root = el('section', `card risk-${card.risk_level}`);
  root.dataset.cardId = card.card_id;
  root.dataset.cardType = card.card_type;
  root.append(el('div', 'card-type', card.card_type.replace('_', ' ')));
  root.append(el('h2', 'intent', card.intent));
  root.append(el('div', 'risk', `Risk: ${card.risk_level}`));
  root.append(el('p', 'rationale', card.rationale));
  if (card.origin) {
    root.append(el('p', 'origin', `For ${card.origin.scope_id}${card.origin.sender_id ? ` (from ${card.origin.sender_id})` : ''}`));
  }
  if (card.affected_items) root.append(el('p', 'affected', card.affected_items));
  if (card.card_type === 'plan_approval') {
    root.append(el('div', 'plan-hash', `Plan hash: ${card.plan_hash}`));
    const pre = el('pre', 'plan-contents', planLines(card.contents).join('\n'));
    root.append(pre);
  }
  if (card.card_type === 'gate_approval') {
    root.append(el('div', 'gate', `Gate: ${card.gate_name}${card.value ? ` — ${card.value}` : ''}`));
  }
  if (card.card_type === 'device_code') {
    root.append(el('div', 'user-code', `Code: ${card.user_code}`));
    root.append(el('div', 'verification-url', card.verification_url));
  }
  if (card.card_type === 'browser_redirect') root.append(el('div', 'auth-url', card.auth_url));
  if (card.details) {
    const details = el('details', 'details');
    details.open = DETAILS_OPEN.has(card.risk_level);
    details.append(el('summary', null, 'Details'), el('pre', null, card.details));
    root.append(details);
  }
  if (card.card_type === 'secure_input') {
    root.append(secureForm(card, onSecret, onChoice));
  }
  const buttons = el('div', 'actions');
  card.actions.forEach((action, i) => {
    if (card.card_type === 'secure_input' && action.value === 'done') return;
    const button = el('button', i === 0 ? 'primary' : (i === card.actions.length - 1 ? 'last' : 'alt'),
      action.consequence_label);
    button.type = 'button';
    button.dataset.value = action.value;
    button.addEventListener('click', () => onChoice(action.value));
    buttons.append(button);
  });
  root.append(buttons);
  const countdown = el('div', 'deadline');
  const end = Date.parse(deadline);
  const safe = card.actions.find((a) => a.value === safeValue(card));
  const tick = () => {
    const left = Math.max(0, Math.round((end - Date.now()) / 1000));
    countdown.textContent = `${left} s left, then: ${safe ? safe.consequence_label : 'the safe default'}`;
    if (left === 0 || !root.isConnected) {
      clearInterval(timer);
      if (left === 0) root.classList.add('expired');
    }
  };
  const timer = setInterval(tick, 1000);
  tick();
  root.append(countdown);
  return root;
}

function secureForm(card, onSecret, onChoice) {
  const form = el('form', 'secure-input');
  const label = el('label', null, card.label);
  const input = el('input');
  input.type = 'password';
  input.name = 'secret';
  input.autocomplete = 'off';
  input.placeholder = card.input_hint || '';
  label.append(input);
  const submit = el('button', 'primary', 'Store securely');
  submit.type = 'submit';
  const status = el('div', 'secure-status');
  form.append(label, submit, status);
  if (card.guidance) form.append(el('p', 'guidance', card.guidance));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = input.value;
    input.value = '';
    if (!value) return;
    const stored = await onSecret(card.ref_id, value);
    status.textContent = stored ? 'Stored. The assistant never sees it.' : 'Not stored.';
    if (stored) onChoice('done');
  });
  return form;
}

function safeValue(card) {
  const safe = {
    plan_approval: 'decline', gate_approval: 'block', suggestion: 'not_now', autonomy_review: 'decline',
    batch_review: 'decline', device_code: 'cancel', browser_redirect: 'cancel', secure_input: 'cancel',
    permission_escalation: 'deny', connection_failure: 'skip',
  };
  return safe[card.card_type] || 'dismiss';
}
