process.setSourceMapsEnabled(true);

import { run } from "./main";

void run();
