import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, Select, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useCreateTicket } from '@/features/tickets/hooks/use-tickets';
import { AttachFilesButton, UploadList } from '@/features/attachments/components/attach-files';
import { allRefusalsShown, useUploads } from '@/features/attachments/hooks/use-uploads';
import { useFileDrop } from '@/features/attachments/hooks/use-file-drop';
import classes from '@/features/attachments/components/attachments.module.css';
import { PRIORITIES, type NewTicket, type Priority, type Ticket } from '@/types/api';

interface Props {
  /** Staff name the customer and may set a category and tags; customers file for themselves. */
  staff: boolean;
  onCreated: (ticket: Ticket) => void;
  onCancel?: () => void;
  /** Called with the subject as it is typed (the portal suggests articles for it). */
  onSubjectChange?: (subject: string) => void;
  /** Shown right below the subject field. */
  afterSubject?: ReactNode;
}

const FIELDS = ['subject', 'description', 'priority', 'customer_email', 'category', 'tags'] as const;

/**
 * The new-ticket form; field errors from a 400 problem appear beside their inputs. Files
 * (picked, dropped or pasted) upload as they are chosen and go with the first message.
 */
export function TicketForm({ staff, onCreated, onCancel, onSubjectChange, afterSubject }: Props) {
  const create = useCreateTicket();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [customerEmail, setCustomerEmail] = useState('');
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [local, setLocal] = useState<Record<string, string>>({});
  const uploads = useUploads();
  const drop = useFileDrop(uploads.add);

  const server = isApiError(create.error) ? create.error.fieldErrors() : {};
  const errorFor = (field: string) => local[field] ?? server[field];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!subject.trim()) problems.subject = 'Enter a subject';
    if (!description.trim()) problems.description = 'Describe the problem';
    if (staff && !customerEmail.trim()) problems.customer_email = "Enter the customer's email";
    setLocal(problems);
    if (Object.keys(problems).length > 0 || uploads.uploading) return;

    const body: NewTicket = { subject: subject.trim(), description, priority };
    if (staff) {
      body.customer_email = customerEmail.trim();
      if (category.trim()) body.category = category.trim();
      if (tags.length) body.tags = tags;
    }
    if (uploads.ids.length > 0) body.attachment_ids = uploads.ids;
    create.mutate(body, {
      onSuccess: (ticket) => {
        uploads.clear();
        onCreated(ticket);
      },
      // A refused file: no ticket was opened; the file says why, to be removed.
      onError: uploads.markRefused,
    });
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="New ticket"
      className={classes.dropTarget}
      data-dragging={drop.dragging || undefined}
      {...drop.handlers}
    >
      <Stack gap="sm">
        {staff && (
          <TextInput
            label="Customer email"
            type="email"
            autoComplete="off"
            withAsterisk
            value={customerEmail}
            onChange={(e) => setCustomerEmail(e.currentTarget.value)}
            error={errorFor('customer_email') ?? errorFor('customer_id')}
          />
        )}
        <TextInput
          label="Subject"
          withAsterisk
          maxLength={200}
          value={subject}
          onChange={(e) => {
            setSubject(e.currentTarget.value);
            onSubjectChange?.(e.currentTarget.value);
          }}
          error={errorFor('subject')}
        />
        {afterSubject}
        <Textarea
          label="Description"
          withAsterisk
          autosize
          minRows={5}
          maxRows={16}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errorFor('description')}
        />
        <AttachFilesButton onFiles={uploads.add} />
        <UploadList uploads={uploads} />
        <SimpleGrid cols={{ base: 1, xs: staff ? 2 : 1 }} spacing="sm">
          <Select
            label="Priority"
            value={priority}
            onChange={(v) => v && setPriority(v as Priority)}
            data={[...PRIORITIES]}
            allowDeselect={false}
            error={errorFor('priority')}
          />
          {staff && (
            <TextInput
              label="Category"
              maxLength={60}
              value={category}
              onChange={(e) => setCategory(e.currentTarget.value)}
              error={errorFor('category')}
            />
          )}
        </SimpleGrid>
        {staff && (
          <TagsInput
            label="Tags"
            value={tags}
            onChange={setTags}
            placeholder="Add a tag and press Enter"
            error={errorFor('tags')}
          />
        )}
        <ErrorAlert
          error={create.error}
          title="The ticket was not created"
          hideFields={allRefusalsShown(create.error, uploads.items) ? [...FIELDS, 'attachment_ids'] : FIELDS}
        />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={create.isPending} disabled={uploads.uploading}>
            Submit ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
