// vite.config.js - builds the console into web/dist (served by `bangfu serve` at /)
// and, in development, proxies the JSON API to a local `bangfu serve`.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported whole: a big but cacheable vendor chunk is
    // expected, so do not warn about it.
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        // Vendor code changes rarely: keep it apart from the app so an app
        // change does not invalidate the browser's cached copy.
        manualChunks(id) {
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules/')) return 'vendor'
        },
      },
    },
  },
})
