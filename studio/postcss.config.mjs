// Tailwind 4 runs as a PostCSS plugin; the CSS entry imports "tailwindcss".
export default { plugins: { "@tailwindcss/postcss": {} } };
