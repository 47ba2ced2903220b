// A modal that asks for a reason (or note) and runs `action(text)` with it. The dialog stays
// open while the request runs and when the server refuses (its Chinese message is shown by the
// API client), so the user can correct the text. Resolves to the action's result, or null when
// the user cancels.
import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';

export async function askReason({ title, message, placeholder = '', required = true, confirmText = '确定', danger = false, action }) {
  let result = null;
  try {
    await ElMessageBox.prompt(message, title, {
      confirmButtonText: confirmText,
      cancelButtonText: '取消',
      confirmButtonClass: danger ? 'el-button--danger' : '',
      inputType: 'textarea',
      inputPlaceholder: placeholder,
      inputValidator: (v) => (!required || (v && v.trim()) ? true : '请填写原因'),
      customClass: 'reg-reason-box',
      closeOnClickModal: false,
      beforeClose: async (act, instance, done) => {
        if (act !== 'confirm') {
          done();
          return;
        }
        instance.confirmButtonLoading = true;
        try {
          result = await action((instance.inputValue || '').trim());
          done();
        } catch {
          // The API client showed the server's message; keep the dialog open.
        } finally {
          instance.confirmButtonLoading = false;
        }
      },
    });
  } catch {
    return null; // cancelled
  }
  return result;
}

/** A yes/no confirmation that runs `action()` and keeps the dialog open when it fails. */
export async function confirmAction({ title, message, confirmText = '确定', danger = false, action }) {
  let result = null;
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: confirmText,
      cancelButtonText: '取消',
      type: danger ? 'warning' : 'info',
      closeOnClickModal: false,
      beforeClose: async (act, instance, done) => {
        if (act !== 'confirm') {
          done();
          return;
        }
        instance.confirmButtonLoading = true;
        try {
          result = await action();
          done();
        } catch {
          // message already shown
        } finally {
          instance.confirmButtonLoading = false;
        }
      },
    });
  } catch {
    return null;
  }
  return result;
}
