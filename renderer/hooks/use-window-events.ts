import { useEffect, useState, type RefObject } from 'react';
import { api } from '../lib/api.ts';

const hasFiles = (e: DragEvent) => Boolean(e.dataTransfer?.types.includes('Files'));

/**
 * Files dropped anywhere on an open case are filed into it, and pasted screenshots too; anywhere else they
 * are ignored (never opened). Returns whether files are being dragged over the window.
 */
export function useFileDrop(
  caseId: string | null,
  onFiles: (files: File[]) => Promise<void> | void,
): boolean {
  const [isDragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = caseId ? 'copy' : 'none';
    };
    const enter = (e: DragEvent) => {
      if (!hasFiles(e) || !caseId) return;
      depth += 1;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void onFiles([...(e.dataTransfer?.files ?? [])]);
    };
    const paste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea')) return;
      const files = [...(e.clipboardData?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      void onFiles(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [caseId, onFiles]);
  return isDragging;
}

export type Shortcuts = {
  caseId: string | null;
  onImport: () => void;
  onFind: () => void;
  onNewCase: () => void;
  onExport: () => void;
  onEscape: (() => void) | null;
  searchRef: RefObject<HTMLInputElement | null>;
};

/** The keyboard shortcuts, and the native menu's File items (Electron) doing the same things. */
export function useShortcuts(s: Shortcuts): void {
  const { caseId, onImport, onFind, onNewCase, onExport, onEscape, searchRef } = s;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'o' && caseId) {
        e.preventDefault();
        onImport();
      } else if (mod && e.key.toLowerCase() === 'f' && caseId) {
        e.preventDefault();
        onFind();
        requestAnimationFrame(() => searchRef.current?.focus());
      } else if (mod && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        onNewCase();
      } else if (e.key === 'Escape' && onEscape) {
        onEscape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [caseId, onImport, onFind, onNewCase, onEscape, searchRef]);

  useEffect(
    () =>
      api.onMenuCommand((command) => {
        if (command === 'case:new') onNewCase();
        else if (command === 'files:add' && caseId) onImport();
        else if (command === 'packet:export' && caseId) onExport();
      }),
    [caseId, onImport, onNewCase, onExport],
  );
}
