import { useId, useMemo, useRef, useState } from 'react';
import { Button, Text } from '@mantine/core';
import { humanSize } from '@/lib/format';
import { useInView } from '@/hooks/use-in-view';
import { reasonOf } from '@/features/attachments/hooks/use-uploads';
import { useDownload, useThumbnail } from '@/features/attachments/hooks/use-attachments';
import { isRaster } from '@/features/attachments/limits';
import { splitInlineParts } from '@/features/attachments/cid';
import { FileIcon } from '@/features/attachments/components/file-icon';
import type { FileRef } from '@/types/api';
import classes from '@/features/attachments/components/attachments.module.css';

/** A raster image's thumbnail once it is near the screen; the type icon before, and if it fails. */
function Thumbnail({ file }: { file: FileRef }) {
  const box = useRef<HTMLDivElement>(null);
  const inView = useInView(box);
  const link = useThumbnail(file.id, inView);
  const [broken, setBroken] = useState(false);
  const url = link.data?.download.url;
  return (
    <div ref={box}>
      {url && !broken ? (
        <img
          className={classes.thumbnail}
          src={url}
          alt={`Preview of ${file.name}`}
          width={48}
          height={48}
          decoding="async"
          onError={() => setBroken(true)}
        />
      ) : (
        <FileIcon type={file.content_type} />
      )}
    </div>
  );
}

function AttachmentRow({ file }: { file: FileRef }) {
  const download = useDownload();
  return (
    <li className={classes.item}>
      {isRaster(file.content_type) ? <Thumbnail file={file} /> : <FileIcon type={file.content_type} />}
      <div className={classes.main}>
        <Text size="sm" className={classes.name}>
          {file.name}
        </Text>
        <Text size="xs" c="dimmed">
          {humanSize(file.size)}
        </Text>
        {download.isError && (
          <Text size="xs" c="red.8" role="alert">
            Could not download: {reasonOf(download.error)}
          </Text>
        )}
      </div>
      <Button
        variant="light"
        size="compact-sm"
        aria-label={`Download ${file.name}`}
        loading={download.isPending}
        onClick={() => download.mutate(file.id)}
      >
        Download
      </Button>
    </li>
  );
}

/**
 * The parts of a mail sent for display in its HTML (a signature's logo, a pasted screenshot),
 * which the thread's text does not show: folded away under how many there are, since most are
 * logos, and listed like files (thumbnails, downloads) once unfolded. Folded, they ask nothing.
 */
function InMessageImages({ files }: { files: readonly FileRef[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const count = `${files.length} ${files.length === 1 ? 'image' : 'images'} in the message`;
  return (
    <div className={classes.files}>
      <Button
        variant="subtle"
        color="gray"
        size="compact-xs"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => setOpen((v) => !v)}
      >
        {open ? `Hide ${count}` : `Show ${count}`}
      </Button>
      {open && (
        <ul id={listId} className={`${classes.list} ${classes.inMessage}`} aria-label="Images in the message">
          {files.map((f) => (
            <AttachmentRow key={f.id} file={f} />
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The files of a message in the thread; each download asks for a fresh link. A mail's parts
 * that its `html` shows by `cid:` come after the files the sender attached, folded.
 */
export function AttachmentList({ files, html }: { files: readonly FileRef[]; html?: string | null }) {
  const { attached, inMessage } = useMemo(() => splitInlineParts(files, html), [files, html]);
  if (files.length === 0) return null;
  return (
    <>
      {attached.length > 0 && (
        <ul className={`${classes.list} ${classes.files}`} aria-label="Attached files">
          {attached.map((f) => (
            <AttachmentRow key={f.id} file={f} />
          ))}
        </ul>
      )}
      {inMessage.length > 0 && <InMessageImages files={inMessage} />}
    </>
  );
}
