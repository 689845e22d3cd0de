// Checks what the tests need from the machine before `npm test` runs them: the Node.js version
// and the commands or files that Debian packages provide. As root (as in CI) it installs missing
// packages with apt-get. Otherwise it exits 1 and prints the command to run, so no test has to
// skip for want of a tool.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

// One row per thing to check. `check` is a command looked up on PATH, or an absolute file path.
// Example row: { check: "sox", debianPackage: "sox", why: "converts synthesized prompts to 8 kHz" },
const REQUIREMENTS = [
  { check: "espeak-ng", debianPackage: "espeak-ng", why: "offline text-to-speech for prompts in Mandarin, Cantonese and English" },
  { check: "sox", debianPackage: "sox", why: "converts synthesized prompts to 8 kHz 16-bit mono WAV for Asterisk" },
  { check: "/usr/bin/chromium", debianPackage: "chromium", why: "headless browser for the studio's end-to-end tests" },
  { check: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", debianPackage: "fonts-noto-cjk", why: "Chinese glyphs in the studio's browser tests and screenshots" },
  { check: "/usr/sbin/mariadbd", debianPackage: "mariadb-server", why: "a throwaway MariaDB server for the data.query tests against MySQL and MariaDB" },
];

// The same range as `engines.node` in package.json.
const SUPPORTED_NODE_VERSIONS = "20.19 or newer in the 20 line, or 22 or newer";

function isNodeSupported(version) {
  const [major, minor] = version.split(".").map(Number);

  return (major === 20 && minor >= 19) || major >= 22;
}

function isOnPath(command) {
  const directories = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);

  return directories.some((directory) => {
    try {
      accessSync(path.join(directory, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function isPresent(requirement) {
  return path.isAbsolute(requirement.check) ? existsSync(requirement.check) : isOnPath(requirement.check);
}

function missingRequirements() {
  return REQUIREMENTS.filter((requirement) => !isPresent(requirement));
}

function packagesOf(requirements) {
  return [...new Set(requirements.map((requirement) => requirement.debianPackage))];
}

function formatRequirements(requirements) {
  return requirements.map((r) => `  ${r.check} (Debian package ${r.debianPackage}): ${r.why}`).join("\n");
}

/** Runs an apt-get command with its output shown, and exits 1 when it fails. */
function runAptGet(args) {
  console.error(`test prerequisites: running apt-get ${args.join(" ")}`);
  const result = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });

  if (result.error) {
    console.error(`test prerequisites: failed to start apt-get: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`test prerequisites: apt-get ${args[0]} failed with exit code ${result.status ?? result.signal}`);
    process.exit(1);
  }
}

function installAsRoot(missing) {
  const packages = packagesOf(missing);
  console.error(`test prerequisites: missing, installing ${packages.join(" ")}:\n${formatRequirements(missing)}`);

  runAptGet(["update"]);
  runAptGet(["install", "-y", ...packages]);

  const stillMissing = missingRequirements();
  if (stillMissing.length > 0) {
    console.error(`test prerequisites: still missing after apt-get install:\n${formatRequirements(stillMissing)}`);
    process.exit(1);
  }
}

function main() {
  const nodeVersion = process.versions.node;
  if (!isNodeSupported(nodeVersion)) {
    console.error(`test prerequisites: unsupported Node.js version ${nodeVersion}. Use Node.js ${SUPPORTED_NODE_VERSIONS}.`);
    process.exit(1);
  }

  const missing = missingRequirements();
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      console.error(`test prerequisites: missing commands or files:\n${formatRequirements(missing)}`);
      console.error(`Install them, then run npm test again:\n  sudo apt-get install -y ${packagesOf(missing).join(" ")}`);
      process.exit(1);
    }

    installAsRoot(missing);
  }

  const checked = REQUIREMENTS.length === 0 ? "no Debian packages needed" : `${REQUIREMENTS.length} commands and files checked`;
  console.log(`test prerequisites: all present (Node.js ${nodeVersion}, ${checked}).`);
}

main();
