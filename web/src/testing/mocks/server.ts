import { setupServer } from 'msw/node';
import { handlers } from '@/testing/mocks/handlers';
import { kbHandlers } from '@/testing/mocks/kb';
import { csatHandlers } from '@/testing/mocks/csat';

export const server = setupServer(...handlers, ...kbHandlers, ...csatHandlers);
