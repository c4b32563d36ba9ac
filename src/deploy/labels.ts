/** The prefix of every label and annotation greenlight sets, on either target. */
export const LABEL = "dev.greenlight";
/** The labels that name an environment's objects: its app and its environment. */
export const APP_LABEL = `${LABEL}.app`;
export const ENV_LABEL = `${LABEL}.env`;
