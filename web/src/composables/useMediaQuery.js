import { onBeforeUnmount, ref } from 'vue';

/** Reactive `window.matchMedia(query).matches`, cleaned up with the component. */
export function useMediaQuery(query) {
  const mql = window.matchMedia(query);
  const matches = ref(mql.matches);
  const onChange = (e) => {
    matches.value = e.matches;
  };
  mql.addEventListener('change', onChange);
  onBeforeUnmount(() => mql.removeEventListener('change', onChange));
  return matches;
}
