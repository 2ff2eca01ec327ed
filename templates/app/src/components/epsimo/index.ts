export { DatabasePanel } from "./DatabasePanel";
export { SignIn } from "./SignIn";
export { ThreadChat } from "./ThreadChat";
export { ThreadList } from "./ThreadList";
