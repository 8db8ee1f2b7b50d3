// Desktop VS Code integration suite (@vscode/test-electron). It downloads VS Code, so it runs
// on machines that can reach the VS Code download servers (`npm run test:electron`); CI here
// cannot, and uses the code-server suite (scripts/e2e.sh) instead.
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [path.join(root, 'test', 'e2e', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (err) {
    console.error('Desktop VS Code tests failed:', err);
    process.exit(1);
  }
}
main();
