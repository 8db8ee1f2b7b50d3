// Preloaded by the bench (node --require) into a command it measures: reports
// the process's peak resident memory at exit, on stderr.
process.on('exit', () => process.stderr.write(`peak-rss ${process.resourceUsage().maxRSS * 1024}\n`));
