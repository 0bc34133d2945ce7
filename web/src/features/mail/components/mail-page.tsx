import { useLayoutEffect, useRef, useState } from 'react';
import { useIsMutating } from '@tanstack/react-query';
import { Badge, Button, Code, Group, Loader, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { mailKeys } from '@/features/mail/api/mail';
import { useMailTemplates, useSaveMailTemplates } from '@/features/mail/hooks/use-mail-templates';
import { MAIL_KINDS, type MailKind, type MailTemplate, type MailTemplates, type MailTemplatesView } from '@/types/api';

/** A kind's name on the page and who gets the mail. */
const MAIL_KIND_INFO: Record<MailKind, { label: string; to: 'customer' | 'agents'; when: string }> = {
  acknowledgement: { label: 'Acknowledgement', to: 'customer', when: 'Sent to the customer when their ticket is opened.' },
  reply: { label: 'Reply', to: 'customer', when: "Sent to the customer with an agent's public reply." },
  resolved: { label: 'Resolved', to: 'customer', when: 'Sent to the customer when their ticket is resolved.' },
  assigned: { label: 'Assigned', to: 'agents', when: 'Sent to the agent a ticket is assigned to.' },
  sla_warning: {
    label: 'SLA warning',
    to: 'agents',
    when: 'Sent to the assignee and the managers when an SLA target is close to its deadline.',
  },
  sla_breached: {
    label: 'SLA breached',
    to: 'agents',
    when: 'Sent to the assignee and the managers when an SLA target has passed its deadline.',
  },
};

type Field = 'subject' | 'text' | 'html';
interface Draft {
  subject: string;
  text: string;
  html: string;
}

/** What a PUT carries for one kind: `html` only when there is some. */
function toBody(t: { subject: string; text: string; html?: string | null }): MailTemplate {
  return t.html?.trim() ? { subject: t.subject, text: t.text, html: t.html } : { subject: t.subject, text: t.text };
}

/** The org's overrides except `kind`: a PUT replaces them all, so every save sends the others too. */
function otherOverrides(view: MailTemplatesView, kind: MailKind): MailTemplates['templates'] {
  return Object.fromEntries(view.customized.filter((k) => k !== kind).map((k) => [k, toBody(view.templates[k])]));
}

function toDraft(t: MailTemplate): Draft {
  return { subject: t.subject, text: t.text, html: t.html ?? '' };
}

/** The wording of every mail the org sends; admins edit it, other staff read it. */
export function MailPage() {
  const session = useSession();
  const canEdit = session?.user.role === 'admin';
  const mail = useMailTemplates();

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Mail
      </Title>
      <Text size="sm">
        What the helpdesk mails to customers and agents. Templates use MiniJinja:{' '}
        <Code>{'{{ customer_name }}'}</Code> inserts a variable, <Code>{'{% if agent_name %}…{% endif %}'}</Code> shows
        text only when it is set.
      </Text>
      {!canEdit && (
        <Text size="sm" c="dimmed">
          Read-only: only admins can change mail templates.
        </Text>
      )}
      {mail.isPending && <Loader aria-label="Loading mail templates" />}
      {mail.isError && <ErrorAlert error={mail.error} title="Could not load mail templates" />}
      {mail.data &&
        MAIL_KINDS.map((kind) => <KindSection key={kind} kind={kind} view={mail.data} canEdit={canEdit} />)}
    </Stack>
  );
}

function KindSection({ kind, view, canEdit }: { kind: MailKind; view: MailTemplatesView; canEdit: boolean }) {
  const info = MAIL_KIND_INFO[kind];
  const customized = view.customized.includes(kind);
  const headingId = `mail-${kind}-heading`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Group gap="xs" mb={4} wrap="wrap">
        <Title order={2} size="h4" id={headingId}>
          {info.label}
        </Title>
        <Badge variant="outline" color={info.to === 'customer' ? 'blue' : 'grape'}>
          {info.to === 'customer' ? 'To the customer' : 'To agents'}
        </Badge>
        <Badge variant="light" color={customized ? 'teal' : 'gray'}>
          {customized ? 'Customized' : 'Default'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {info.when}
      </Text>
      {canEdit ? (
        <TemplateEditor kind={kind} view={view} />
      ) : (
        <TemplateView template={view.templates[kind]} variables={view.variables[kind]} />
      )}
    </Paper>
  );
}

/** Long lines wrap instead of scrolling sideways at phone width. */
const WRAP = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

function TemplateView({ template, variables }: { template: MailTemplate; variables: string[] }) {
  return (
    <Stack gap={6}>
      <div>
        <Text size="sm" fw={500}>
          Subject
        </Text>
        <Code block style={WRAP}>{template.subject}</Code>
      </div>
      <div>
        <Text size="sm" fw={500}>
          Text
        </Text>
        <Code block style={WRAP}>{template.text}</Code>
      </div>
      {template.html && (
        <div>
          <Text size="sm" fw={500}>
            HTML
          </Text>
          <Code block style={WRAP}>{template.html}</Code>
        </div>
      )}
      <Text size="sm" c="dimmed">
        Variables: {variables.join(', ')}
      </Text>
    </Stack>
  );
}

const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

function TemplateEditor({ kind, view }: { kind: MailKind; view: MailTemplatesView }) {
  const save = useSaveMailTemplates();
  // One PUT at a time: each carries every other override, so two at once could undo each other.
  const busy = useIsMutating({ mutationKey: mailKeys.templates }) > 0;
  const label = MAIL_KIND_INFO[kind].label;
  const customized = view.customized.includes(kind);
  const [draft, setDraft] = useState<Draft>(() => toDraft(view.templates[kind]));
  const [done, setDone] = useState<'saved' | 'reset' | null>(null);
  const dirty = JSON.stringify(toBody(draft)) !== JSON.stringify(toBody(view.templates[kind]));

  const fields = useRef<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>({
    subject: null,
    text: null,
    html: null,
  });
  // The field a variable goes into: the last one the admin was in (the text until then).
  const lastField = useRef<Field | null>(null);
  const [caret, setCaret] = useState<{ field: Field; at: number } | null>(null);
  useLayoutEffect(() => {
    if (!caret) return;
    const el = fields.current[caret.field];
    el?.focus();
    el?.setSelectionRange(caret.at, caret.at);
  }, [caret]);

  const set = (field: Field, value: string) => {
    setDone(null);
    setDraft((d) => ({ ...d, [field]: value }));
  };

  const insert = (name: string) => {
    const token = `{{ ${name} }}`;
    const field = lastField.current ?? 'text';
    const value = draft[field];
    // Before any field had the cursor, the variable is appended to the text.
    const el = lastField.current ? fields.current[field] : null;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? start;
    set(field, value.slice(0, start) + token + value.slice(end));
    setCaret({ field, at: start + token.length });
  };

  const put = (templates: MailTemplates['templates'], outcome: 'saved' | 'reset') => {
    setDone(null);
    save.mutate(
      { templates },
      {
        onSuccess: (next) => {
          setDraft(toDraft(next.templates[kind]));
          setDone(outcome);
        },
      },
    );
  };

  const fieldErrors = isApiError(save.error) ? save.error.fieldErrors() : {};
  const errorFor = (field: Field) => fieldErrors[`templates.${kind}.${field}`];
  const shown = (['subject', 'text', 'html'] as const).map((f) => `templates.${kind}.${f}`);
  const variablesId = `mail-${kind}-variables`;
  // A PUT without this kind is a reset.
  const resetting = save.isPending && !(save.variables?.templates && kind in save.variables.templates);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        put({ ...otherOverrides(view, kind), [kind]: toBody(draft) }, 'saved');
      }}
    >
      <Stack gap="xs">
        <TextInput
          ref={(el) => {
            fields.current.subject = el;
          }}
          label="Subject"
          required
          value={draft.subject}
          onChange={(e) => set('subject', e.currentTarget.value)}
          onFocus={() => (lastField.current = 'subject')}
          error={errorFor('subject')}
          styles={MONO}
        />
        <Textarea
          ref={(el) => {
            fields.current.text = el;
          }}
          label="Text"
          required
          autosize
          minRows={4}
          maxRows={16}
          value={draft.text}
          onChange={(e) => set('text', e.currentTarget.value)}
          onFocus={() => (lastField.current = 'text')}
          error={errorFor('text')}
          styles={MONO}
        />
        <Textarea
          ref={(el) => {
            fields.current.html = el;
          }}
          label="HTML (optional)"
          description="Without it the HTML part is the text, escaped. Variables are escaped in HTML."
          autosize
          minRows={2}
          maxRows={16}
          value={draft.html}
          onChange={(e) => set('html', e.currentTarget.value)}
          onFocus={() => (lastField.current = 'html')}
          error={errorFor('html')}
          styles={MONO}
        />
        <div role="group" aria-labelledby={variablesId}>
          <Text size="sm" fw={500} id={variablesId}>
            Variables
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            Click one to insert it at the cursor of the last field you were in.
          </Text>
          <Group gap={6} wrap="wrap">
            {(view.variables[kind]).map((name) => (
              <Button
                key={name}
                variant="light"
                size="compact-xs"
                radius="xl"
                ff="monospace"
                aria-label={`Insert {{ ${name} }}`}
                // Keep the cursor where it is in the field.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(name)}
              >
                {`{{ ${name} }}`}
              </Button>
            ))}
          </Group>
        </div>
        {save.isError && (
          <ErrorAlert error={save.error} title={`Could not save the ${label} template`} hideFields={shown} />
        )}
        {done && (
          <Text size="sm" c="green" role="status">
            {done === 'saved' ? `${label} template saved.` : `${label} template reset to the default.`}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          {customized && (
            <Button
              variant="default"
              loading={resetting}
              disabled={busy}
              onClick={() => put(otherOverrides(view, kind), 'reset')}
            >
              Reset to default
            </Button>
          )}
          <Button type="submit" loading={save.isPending && !resetting} disabled={!dirty || busy}>
            Save template
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
