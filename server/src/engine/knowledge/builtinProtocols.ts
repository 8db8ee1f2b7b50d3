import breast from '../../data/protocols/breast-invasive-resection.json';
import colorectal from '../../data/protocols/colorectal-resection.json';
import lung from '../../data/protocols/lung-resection.json';
import prostate from '../../data/protocols/prostate-radical-prostatectomy.json';
import shared from '../../data/protocols/shared-elements.json';

/**
 * The built-in protocols beyond the kidney, each one data file in the shape of
 * checklists.json (and of a workspace rules file). Adding one is a data file
 * and a line here; a workspace adds its own with no line anywhere.
 */
export const BUILTIN_PROTOCOLS: { file: string; data: unknown }[] = [
  { file: 'built-in protocols/shared-elements.json', data: shared },
  { file: 'built-in protocols/breast-invasive-resection.json', data: breast },
  { file: 'built-in protocols/colorectal-resection.json', data: colorectal },
  { file: 'built-in protocols/prostate-radical-prostatectomy.json', data: prostate },
  { file: 'built-in protocols/lung-resection.json', data: lung },
];
