/**
 * Files dropped onto an element or pasted into it (a screenshot from the clipboard): spread
 * `handlers` on the element (a form: paste events bubble up from its text fields). Pasting
 * text stays as it was; only a paste or a drop that carries files is taken. While it is on the
 * page, files dropped next to it are ignored, instead of the browser leaving the page (and the
 * draft) to open them.
 */
import { useEffect, useState, type ClipboardEvent, type DragEvent } from 'react';

const carriesFiles = (e: { dataTransfer: DataTransfer | null }) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** Keeps the page when files are dropped outside any drop target. */
function ignoreMissedDrops(e: globalThis.DragEvent) {
  if (!e.defaultPrevented && carriesFiles(e)) {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
  }
}

export function useFileDrop(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // A listener of its own, so that another drop target leaving the page does not remove it.
    const ignore = (e: globalThis.DragEvent) => ignoreMissedDrops(e);
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  const over = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const handlers = {
    onDragEnter: over,
    onDragOver: over,
    onDragLeave: (e: DragEvent) => {
      // Moving onto a child fires a leave on the parent: only leaving the element counts.
      if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      setDragging(false);
      if (!carriesFiles(e)) return;
      e.preventDefault();
      const files = Array.from(e.dataTransfer.files);
      if (files.length > 0) onFiles(files);
    },
    onPaste: (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      onFiles(files);
    },
  };

  return { dragging, handlers };
}
