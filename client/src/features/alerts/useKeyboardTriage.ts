import { useEffect, useRef, useState } from 'react';
import type { Alert } from '@siaga/shared';

/** Keys typed into a field are text, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

export interface KeyboardTriageOptions {
  alerts: Alert[];
  selected: Alert | null;
  select(id: string, focus: boolean): void;
  /** The list's paging, so "next" on the last loaded row fetches the following page. */
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): Promise<unknown> };
  canAct: boolean;
  /** Tells a user without the role that a or r does nothing. */
  readOnlyMessage: string;
  announce(text: string): void;
  onAcknowledge(alert: Alert): void;
  onResolve(alert: Alert): void;
  onOpen(alert: Alert): void;
  panelOpen: boolean;
  onClosePanel(): void;
}

/**
 * The inbox shortcuts on the whole document: j/k move the selection, a acknowledges, r resolves,
 * Enter opens, ? toggles the help, Esc closes the help or the open panel. Returns the help's state.
 */
export function useKeyboardTriage(options: KeyboardTriageOptions) {
  const [helpOpen, setHelpOpen] = useState(false);

  const onKey = (e: KeyboardEvent) => {
    const { alerts, selected, select, list, canAct, announce } = options;
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTypingTarget(e.target)) return;
    if (e.target instanceof Element && e.target.closest('.alert-panel')) return;
    const move = (delta: number) => {
      if (alerts.length === 0) return;
      const index = selected ? alerts.indexOf(selected) : -1;
      const next = index < 0 ? (delta > 0 ? 0 : alerts.length - 1) : Math.max(0, Math.min(alerts.length - 1, index + delta));
      select(alerts[next]!.id, true);
      // At the bottom of what is loaded, "next" fetches the following page.
      if (delta > 0 && next === alerts.length - 1 && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
    };
    switch (e.key) {
      case 'j':
        move(1);
        break;
      case 'k':
        move(-1);
        break;
      case 'a':
        if (!selected) return;
        if (!canAct) announce(options.readOnlyMessage);
        else if (selected.status === 'open') options.onAcknowledge(selected);
        break;
      case 'r':
        if (!selected) return;
        if (!canAct) announce(options.readOnlyMessage);
        else if (selected.status !== 'resolved') options.onResolve(selected);
        break;
      case 'Enter': {
        // Enter on a button or link inside a row does what that control does.
        const onRow = e.target instanceof HTMLTableRowElement && e.target.classList.contains('alert-row');
        const onNothing = e.target === document.body || e.target === document.getElementById('main');
        if (!selected || !(onRow || onNothing)) return;
        options.onOpen(selected);
        break;
      }
      case '?':
        setHelpOpen((open) => !open);
        break;
      case 'Escape':
        if (helpOpen) setHelpOpen(false);
        else if (options.panelOpen) options.onClosePanel();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  // One document listener for the page's life, always running this render's handler.
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKeyRef.current(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  return { helpOpen, setHelpOpen };
}
