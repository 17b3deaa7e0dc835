/** Rich display in the gradlab kernel: `display`, `progress` and the MIME-bundle protocol. */
export { display, DisplayHandle } from "./display";
export type { Display, DisplayOptions, HandleOptions, Helper } from "./display";
export { progress, Progress, progressLine } from "./progress";
export type { ProgressOptions, ProgressState } from "./progress";
export { mimeBundle, isDisplayable, JUPYTER_DISPLAY } from "./mime";
export type { MimeBundle, Displayable } from "./mime";
export { tensorMimeBundle } from "./tensor";
export { Table } from "./table";
export type { TableRow, TableOptions } from "./table";
