import { useRef } from 'react';
import { Button, CloseButton, FileButton, Group, Progress, Text } from '@mantine/core';
import { humanSize } from '@/lib/format';
import { FileIcon } from '@/features/attachments/components/file-icon';
import type { UploadItem, Uploads } from '@/features/attachments/hooks/use-uploads';
import classes from '@/features/attachments/components/attachments.module.css';

/**
 * "Attach files": the system's file picker, several files at once; the form around it also
 * takes files dropped onto it or pasted (`useFileDrop`), which the hint beside it says.
 */
export function AttachFilesButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const reset = useRef<() => void>(null);
  return (
    <Group gap={6} wrap="nowrap">
      <FileButton
        multiple
        resetRef={reset}
        disabled={disabled}
        inputProps={{ 'aria-label': 'Attach files' }}
        onChange={(files) => {
          onFiles(files);
          // The same file can be chosen again after it was removed.
          reset.current?.();
        }}
      >
        {(props) => (
          <Button {...props} variant="default" size="xs" disabled={disabled}>
            Attach files
          </Button>
        )}
      </FileButton>
      <Text size="xs" c="dimmed" visibleFrom="xs">
        or drop or paste files here
      </Text>
    </Group>
  );
}

function UploadRow({ item, onRemove }: { item: UploadItem; onRemove: () => void }) {
  const { name, size, type } = item.file;
  return (
    <li className={classes.item} data-status={item.status}>
      <FileIcon type={type} size={24} />
      <div className={classes.main}>
        <Text size="sm" className={classes.name}>
          {name}{' '}
          <Text span size="xs" c="dimmed">
            ({humanSize(size)})
          </Text>
          {item.status === 'done' && (
            <Text span size="xs" c="green.8">
              {' '}
              · uploaded
            </Text>
          )}
        </Text>
        {item.status === 'uploading' && (
          <Progress value={Math.round(item.progress * 100)} size="sm" mt={4} aria-label={`Uploading ${name}`} />
        )}
        {item.status === 'error' && (
          <Text size="xs" c="red.8">
            Not attached: {item.error}
          </Text>
        )}
      </div>
      <CloseButton size="sm" aria-label={`Remove ${name}`} onClick={onRemove} />
    </li>
  );
}

/** The files chosen for a message, each with its upload's progress or why it will not go. */
export function UploadList({ uploads }: { uploads: Uploads }) {
  if (uploads.items.length === 0) return null;
  return (
    <div>
      <ul className={classes.list} aria-label="Files to send">
        {uploads.items.map((item) => (
          <UploadRow key={item.key} item={item} onRemove={() => uploads.remove(item.key)} />
        ))}
      </ul>
      {uploads.uploading && (
        <Text size="xs" c="dimmed" mt={4} role="status">
          Uploading… you can send once the files are up.
        </Text>
      )}
    </div>
  );
}
