import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// During `npm run dev`, API calls go to a running `suiji serve`.
const apiTarget = process.env.SUIJI_API_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus components used in templates are imported on demand, with their CSS,
    // so the public portal does not pay for the console's components.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: false,
    }),
  ],
  resolve: {
    alias: { '@': new URL('./src', import.meta.url).pathname },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Shared Element Plus chunks are named after their first module (".../style/css.mjs");
        // call them what they are.
        chunkFileNames: (chunk) =>
          chunk.name === 'css' ? 'assets/element-plus-[hash].js' : 'assets/[name]-[hash].js',
        assetFileNames: (asset) =>
          (asset.names || []).includes('css.css')
            ? 'assets/element-plus-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
        // Framework code changes rarely: keep it in its own long-cached chunk.
        codeSplitting: {
          groups: [
            {
              name: 'vue-vendor',
              test: /node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
});
