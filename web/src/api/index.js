export { ApiError, http, request, setCsrfToken, onUnauthenticated, API_BASE } from './http';
export * as sessionApi from './session';
export * as systemApi from './system';
