export { ThreadChat } from "./ThreadChat";
export { DatabasePanel } from "./DatabasePanel";
export { SignIn } from "./SignIn";
