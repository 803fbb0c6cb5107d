import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

interface DialogProps {
  title: string;
  /** Called on Escape, on the close button and on a backdrop-less cancel; not while `busy`. */
  onClose: () => void;
  children: ReactNode;
  /** While a request runs the dialog cannot be dismissed (its answer must be seen). */
  busy?: boolean;
  /** `alertdialog` for confirmations and one-time secrets. */
  role?: 'dialog' | 'alertdialog';
  testId?: string;
  /** The element to focus first (defaults to the first field or button). */
  initialFocus?: RefObject<HTMLElement | null>;
}

/**
 * A modal dialog on the native `<dialog>` element: the browser traps focus, makes the page behind
 * inert and closes on Escape. Mounted means open; unmounting closes it and gives focus back to
 * whatever had it before (the button that opened it). Without `showModal` (jsdom) it opens inline.
 */
export function Dialog({ title, onClose, children, busy = false, role = 'dialog', testId, initialFocus }: DialogProps) {
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
      className="admin-dialog"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={titleId}
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
      <h2 id={titleId} className="admin-dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
