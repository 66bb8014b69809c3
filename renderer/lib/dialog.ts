import { useEffect, useRef, type RefObject } from 'react';

/** A `<dialog>` that opens as a modal as soon as it is on screen (the component is mounted to be shown). */
export function useModalOnMount(): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return ref;
}
