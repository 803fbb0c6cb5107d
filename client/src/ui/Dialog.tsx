import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

interface DialogProps {
  title: string;
  /** Called on Escape and on a browser-initiated close; not while `busy`. */
  onClose: () => void;
  children: ReactNode;
  /** While a request runs the dialog cannot be dismissed (its answer must be seen). */
  busy?: boolean;
  /** `alertdialog` for confirmations and one-time secrets. */
  role?: 'dialog' | 'alertdialog';
  testId?: string;
  /** The element to focus first (defaults to the first field or button). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** The id of the element that says what the dialog is about (a question's body). */
  describedBy?: string;
}

/**
 * The one modal dialog of the dashboard, on the native `<dialog>` element: the browser traps focus,
 * makes the page behind inert and closes on Escape. Mounted means open; unmounting closes it and
 * gives focus back to whatever had it before (the button that opened it). Without `showModal`
 * (jsdom) it opens inline.
 */
export function Dialog({ title, onClose, children, busy = false, role = 'dialog', testId, initialFocus, describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    const first =
      initialFocus?.current ?? dialog.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])');
    first?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // Opened once per mount; `initialFocus` is read only then.
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        // Escape: the browser would close the element itself; React decides instead.
        event.preventDefault();
        if (!busyRef.current) onCloseRef.current();
      }}
      onClose={() => {
        // The browser may close a modal by itself (a repeated Escape): keep React's state in step,
        // or, while a request runs, open it again so that its answer is seen.
        const dialog = ref.current;
        if (!dialog?.isConnected) return;
        if (busyRef.current) {
          if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
        } else {
          onCloseRef.current();
        }
      }}
      onKeyDown={(event) => {
        // Without showModal there is no cancel event: handle Escape here too.
        if (event.key === 'Escape' && typeof ref.current?.showModal !== 'function') {
          event.preventDefault();
          if (!busyRef.current) onCloseRef.current();
        }
      }}
      data-testid={testId}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  /** The question's details; may hold an error from a failed attempt. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** The confirm action destroys or discards something. */
  danger?: boolean;
  busy?: boolean;
  testId?: string;
  confirmTestId?: string;
  cancelTestId?: string;
}

/** "Are you sure?": cancel has the focus first, so Enter does no harm; Escape cancels. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  danger = false,
  busy = false,
  testId = 'confirm-dialog',
  confirmTestId = 'confirm-dialog-confirm',
  cancelTestId = 'confirm-dialog-cancel',
}: ConfirmDialogProps) {
  const bodyId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title={title} onClose={onCancel} busy={busy} role="alertdialog" testId={testId} initialFocus={cancel} describedBy={bodyId}>
      <div id={bodyId} className="dialog__body">
        {children}
      </div>
      <div className="dialog__actions">
        <button ref={cancel} type="button" className="button button--secondary" onClick={onCancel} disabled={busy} data-testid={cancelTestId}>
          {cancelLabel}
        </button>
        <button type="button" className={danger ? 'button button--danger' : 'button button--primary'} onClick={onConfirm} disabled={busy} data-testid={confirmTestId}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
