import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, Select, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useCreateTicket } from '@/features/tickets/hooks/use-tickets';
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

/** The new-ticket form; field errors from a 400 problem appear beside their inputs. */
export function TicketForm({ staff, onCreated, onCancel, onSubjectChange, afterSubject }: Props) {
  const create = useCreateTicket();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [customerEmail, setCustomerEmail] = useState('');
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [local, setLocal] = useState<Record<string, string>>({});

  const server = isApiError(create.error) ? create.error.fieldErrors() : {};
  const errorFor = (field: string) => local[field] ?? server[field];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!subject.trim()) problems.subject = 'Enter a subject';
    if (!description.trim()) problems.description = 'Describe the problem';
    if (staff && !customerEmail.trim()) problems.customer_email = "Enter the customer's email";
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;

    const body: NewTicket = { subject: subject.trim(), description, priority };
    if (staff) {
      body.customer_email = customerEmail.trim();
      if (category.trim()) body.category = category.trim();
      if (tags.length) body.tags = tags;
    }
    create.mutate(body, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="New ticket">
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
        <ErrorAlert error={create.error} title="The ticket was not created" hideFields={FIELDS} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={create.isPending}>
            Submit ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
