export { useChat, type ChatMessage } from "./useChat";
