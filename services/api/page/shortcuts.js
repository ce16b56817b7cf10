// Single-key shortcuts for the queue and the open alert (listed in the page's help line).

/** True when the key press is the focused control's own: typing in a field, Enter on a button. */
function ownedByTarget(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return true;
  return event.key === 'Enter' && /^(BUTTON|A|SUMMARY)$/.test(target.tagName);
}

/** `commands` maps a key (as in KeyboardEvent.key) to a function. */
export function bindShortcuts(commands) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
    if (ownedByTarget(event)) {
      // Esc leaves a field, so that the single-key shortcuts work again.
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    const command = commands[event.key];
    if (!command) return;
    event.preventDefault();
    command();
  });
}
