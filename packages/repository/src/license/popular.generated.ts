// Generated from spdx-license-list@6.12.0 by packages/repository/test/spdx-index.test.ts; do not edit.
import type { PopularLicenseHash } from './types';

export const POPULAR_LICENSE_HASHES: readonly PopularLicenseHash[] = [
  ['95a5e7b0aaa485a031d6c656da7677de', ["Apache-2.0"], "Apache License 2.0", 1],
  ['0cf21bdfd1964a97a8615e1285348458', ["MIT"], "MIT License", 1],
  ['986c3c3199a93b916c8f2e0aeed57819', ["BSD-2-Clause"], "BSD 2-Clause \"Simplified\" License", 1],
  ['53075742228962c7ea381b8242c64602', ["BSD-3-Clause"], "BSD 3-Clause \"New\" or \"Revised\" License", 1],
  ['800fed8569003d6b81656d42ee3bee0b', ["GPL-2.0-only","GPL-2.0-or-later","GPL-2.0"], "GNU General Public License v2.0 only", 1],
  ['e79f494b1cccdadad9cf350248ae3c66', ["GPL-3.0-only","GPL-3.0-or-later","GPL-3.0","GPL-3.0+"], "GNU General Public License v3.0 only", 1],
  ['26c904a01e883353510c476e83ab1c0a', ["LGPL-2.1-only","LGPL-2.1-or-later","LGPL-2.1"], "GNU Lesser General Public License v2.1 only", 1],
  ['5feed41fed8e57fc7e50082a77b7e481', ["LGPL-3.0-only","LGPL-3.0-or-later","LGPL-3.0","LGPL-3.0+"], "GNU Lesser General Public License v3.0 only", 1],
  ['8276c984bf28a4f34a604e7bc6c71723', ["AGPL-3.0-only","AGPL-3.0-or-later","AGPL-3.0"], "GNU Affero General Public License v3.0 only", 1],
  ['5cc3f3411eb912d322092eee233f0de0', ["MPL-2.0","MPL-2.0-no-copyleft-exception"], "Mozilla Public License 2.0", 1],
  ['7bed11ada181e6a63598e2da423080dd', ["ISC"], "ISC License", 1],
  ['3b8947d3f5bc5df3626ea49494df463c', ["Unlicense"], "The Unlicense", 1],
  ['25a274d52b3014d9bd64e0f3362fd279', ["0BSD"], "BSD Zero Clause License", 1],
  ['f02e38ce878ac35aa36def58139ed31d', ["MIT-0"], "MIT No Attribution", 1],
  ['4f4c9e65217414246c604405ee490020', ["BSL-1.0"], "Boost Software License 1.0", 1],
  ['2f6e5a94c280981b0dc58e55b69b110c', ["EPL-2.0"], "Eclipse Public License 2.0", 1],
  ['383ef03dc34a26dbc77371407a7986ee', ["Zlib"], "zlib License", 1],
  ['f3cde3e32dc7fe4173bcc75ba6b6192d', ["CC0-1.0"], "Creative Commons Zero v1.0 Universal", 0],
];
