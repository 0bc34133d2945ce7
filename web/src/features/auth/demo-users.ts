/** The users `make dev` seeds, offered as one-click sign-ins in local mode. */
export interface DemoUser {
  email: string;
  label: string;
  org: string;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@acme.test', label: 'Admin', org: 'Acme Support' },
  { email: 'manager@acme.test', label: 'Manager', org: 'Acme Support' },
  { email: 'agent1@acme.test', label: 'Agent 1', org: 'Acme Support' },
  { email: 'agent2@acme.test', label: 'Agent 2', org: 'Acme Support' },
  { email: 'customer1@acme.test', label: 'Customer 1', org: 'Acme Support' },
  { email: 'customer2@acme.test', label: 'Customer 2', org: 'Acme Support' },
  { email: 'admin@globex.test', label: 'Admin', org: 'Globex' },
  { email: 'agent1@globex.test', label: 'Agent 1', org: 'Globex' },
  { email: 'customer1@globex.test', label: 'Customer 1', org: 'Globex' },
];
