// What a page adds to a resource's mutation: its own messages, navigation, closing a dialog. The resource hook does
// the cache work first, then calls these.
export interface MutationUi<TData, TVars> {
  onSuccess?: (data: TData, vars: TVars) => void;
  onError?: (error: Error, vars: TVars) => void;
}
