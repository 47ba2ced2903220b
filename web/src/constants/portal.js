// Sections of the public portal shown in its navigation. Add an entry only together with its
// route (router/index.js, child of "/"): the portal never shows links to pages that do not exist.
export const PORTAL_SECTIONS = [{ name: 'portal-home', title: '首页' }];
