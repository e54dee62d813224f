export { default } from 'eslint-plugin-aisa-guard';
