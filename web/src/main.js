import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { onUnauthenticated } from './api/http';
import { useSessionStore } from './stores/session';
import './styles/base.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const router = createAppRouter();
app.use(router);

// A console API call answered 401 (session expired or revoked): forget the user and go to the
// login page, coming back here afterwards. Public pages stay where they are.
onUnauthenticated(() => {
  useSessionStore(pinia).clear();
  const current = router.currentRoute.value;
  if (current.matched.some((r) => r.meta.requiresAuth)) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } });
  }
});

app.mount('#app');
