import { setupServer } from 'msw/node';
import { handlers } from '@/testing/mocks/handlers';
import { kbHandlers } from '@/testing/mocks/kb';

export const server = setupServer(...handlers, ...kbHandlers);
