// The signed-in user, as the server last reported it.
//
// `ensure()` asks GET /me at most once per page load (concurrent callers share the request);
// login/logout update the state directly. The CSRF token lives in the API client.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, setCsrfToken } from '@/api/http';
import * as sessionApi from '@/api/session';

export const useSessionStore = defineStore('session', () => {
  /** @type {import('vue').Ref<import('@/api/session').User|null>} */
  const user = ref(null);
  /** 'unknown' until /me answered; then 'authenticated' or 'anonymous'. */
  const status = ref('unknown');
  let pending = null;

  const isAuthenticated = computed(() => status.value === 'authenticated' && user.value !== null);
  const roles = computed(() => (user.value ? user.value.roles || [] : []));

  function apply(info) {
    user.value = info.user;
    status.value = 'authenticated';
    setCsrfToken(info.csrf_token);
  }

  function clear() {
    user.value = null;
    status.value = 'anonymous';
    setCsrfToken('');
  }

  /**
   * Resolves to true when a session exists. 401 means "no session"; any other failure
   * (server down) rejects so the caller can tell it apart from being logged out.
   */
  function ensure() {
    if (status.value !== 'unknown') return Promise.resolve(isAuthenticated.value);
    if (!pending) {
      pending = sessionApi
        .fetchMe()
        .then((info) => {
          apply(info);
          return true;
        })
        .catch((err) => {
          if (err instanceof ApiError && err.status === 401) {
            clear();
            return false;
          }
          throw err;
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  }

  async function login(username, password) {
    apply(await sessionApi.login(username, password));
  }

  async function logout() {
    try {
      await sessionApi.logout();
    } finally {
      clear();
    }
  }

  return { user, status, isAuthenticated, roles, ensure, login, logout, clear };
});
