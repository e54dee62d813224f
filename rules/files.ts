// The file globs the configs apply to, in one place (the README lists them too).

/** Files ESLint lints as JavaScript (any parser): where env files are loaded from. */
export const SCRIPT_FILES = ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts,vue,svelte,astro}'];

export const TYPESCRIPT_FILES = ['**/*.{ts,tsx,mts,cts}'];

/** Svelte's rune modules belong to svelte-eslint-parser (eslint-plugin-svelte configures it). */
export const TYPESCRIPT_FILES_OF_OTHER_PARSERS = ['**/*.svelte.{ts,mts,cts}'];

export const ENV_FILES = ['**/.env', '**/.env.*'];

/** Config, docs and other languages' sources: every file an editor opens that may hold a key. */
export const TEXT_FILES = [
  '**/*.{yaml,yml,json,jsonc,json5,toml,ini,cfg,conf,properties,xml,plist,tf,tfvars,hcl}',
  '**/*.{md,mdx,markdown,txt,rst,adoc,ipynb,csv,tsv,sql,graphql,gql,http,rest}',
  '**/*.{py,rb,go,rs,java,kt,kts,scala,swift,php,cs,c,cc,cpp,h,hpp,sh,bash,zsh,fish,ps1,bat,cmd,lua,pl,r,dart,ex,exs,erl,clj}',
  '**/*.{html,htm,css,scss,less,sass}',
  '**/{Dockerfile,Containerfile,Makefile,Procfile,Gemfile,Jenkinsfile,Vagrantfile}',
  '**/{Dockerfile,Containerfile}.*',
  '**/*.{dockerfile,containerfile}',
  '**/.{npmrc,yarnrc,pypirc,netrc,pgpass,envrc,flaskenv,gitconfig,bashrc,zshrc,profile}',
  '**/{docker-compose,compose}*.{yaml,yml}',
];

/**
 * A config object's `files`/`ignores` that match `files` minus `except`, but only among files some other
 * config already lints. ESLint lints a file when a config's `files` names it, unless every pattern is
 * "universal" (ending in `/*` or `/**`, like `**` + `/*`): so `files` is universal here, and `ignores` does
 * the selecting (everything, then un-ignore `files`, then ignore `except` again).
 */
export function onlyWhereLinted(files: string[], except: string[] = []): { files: string[]; ignores: string[] } {
  return { files: ['**/*'], ignores: ['**/*', ...files.map((glob) => `!${glob}`), ...except] };
}
