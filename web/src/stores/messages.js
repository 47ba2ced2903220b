// The unread count the console header's bell shows: refreshed on navigation, every minute, and
// after the 消息 page marks messages read.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { unreadCount } from '@/api/messages';

export const useMessagesStore = defineStore('messages', () => {
  const unread = ref(0);

  async function refresh() {
    try {
      const r = await unreadCount({ silent: true, authRedirect: false });
      unread.value = r.unread;
    } catch {
      // The bell keeps its last count; the page the user is on reports its own errors.
    }
  }

  return { unread, refresh };
});
